import Core
import JSON
@testable import Providers
import Testing

@Suite struct YunzhenjiSendTests {
    @Test func everyItemTypeInOneRequest() throws {
        let items = [
            OutboundFixture.item(.text("test"), "m1-1-0"),
            OutboundFixture.item(.image(url: "https://x/a.png"), "m1-1-1", delayedTime: 1_763_700_001),
            OutboundFixture.item(.link(title: "t", url: "https://x", desc: "d", imageURL: "https://x/c.png"), "m1-1-2"),
            OutboundFixture.item(.file(title: "price.pdf", url: "https://x/p.pdf"), "m1-1-3"),
            OutboundFixture.item(.voice(url: "https://x/v.mp3", duration: 60), "m1-1-4"),
        ]
        let request = try OutboundFixture.yunzhenji.sendRequest(conversation: "7xxx", chat: .private, items: items)
        #expect(request.method == "POST")
        #expect(request.url == "https://oapi-yzj.example/wechat/sendMessage")
        #expect(request.header("Content-Type") == "application/json; charset=UTF-8")
        #expect(try OutboundFixture.body(request) == OutboundFixture.json("""
            {"app_id":"app-1","access_token":"tok-XYZ","wxid":"16888","target_wxid":"7xxx","messages":[
              {"msg_type":"text","content":{"items":[{"type":"text","text":"test"}]},"api_send_id":"m1-1-0","delayed_time":0},
              {"msg_type":"picture","content":{"url":"https://x/a.png"},"api_send_id":"m1-1-1","delayed_time":1763700001},
              {"msg_type":"link","content":{"cover":"https://x/c.png","desc":"d","title":"t","url":"https://x"},"api_send_id":"m1-1-2","delayed_time":0},
              {"msg_type":"file","content":{"title":"price.pdf","url":"https://x/p.pdf"},"api_send_id":"m1-1-3","delayed_time":0},
              {"msg_type":"voice","content":{"url":"https://x/v.mp3","duration":60,"org_content":""},"api_send_id":"m1-1-4","delayed_time":0}
            ]}
            """))
    }

    @Test func linkWithoutCoverOrDescSendsEmptyStrings() throws {
        let request = try YunzhenjiSend.request(account: OutboundFixture.yunzhenji, conversation: "7xxx", chat: .private,
                                                items: [OutboundFixture.item(.link(title: "t", url: "https://x", desc: nil, imageURL: nil))])
        let content = try OutboundFixture.body(request)["messages"]?[0]?["content"]
        #expect(content == (try OutboundFixture.json(#"{"cover":"","desc":"","title":"t","url":"https://x"}"#)))
    }

    @Test func refusesSixItemsNoItemsAMiniprogramAndMissingCredentials() {
        let six = (0..<6).map { OutboundFixture.item(.text("\($0)"), "a\($0)") }
        #expect(throws: SendRequestError.itemCount(provider: .yunzhenji, count: 6, allowed: 1...5)) {
            try OutboundFixture.yunzhenji.sendRequest(conversation: "7xxx", chat: .private, items: six)
        }
        #expect(throws: SendRequestError.itemCount(provider: .yunzhenji, count: 0, allowed: 1...5)) {
            try OutboundFixture.yunzhenji.sendRequest(conversation: "7xxx", chat: .private, items: [])
        }
        #expect(throws: SendRequestError.unsupportedType(provider: .yunzhenji, type: .miniprogram)) {
            try OutboundFixture.yunzhenji.sendRequest(conversation: "7xxx", chat: .private,
                                              items: [OutboundFixture.item(.text("a")), OutboundFixture.item(.miniprogram(JSONObject()), "b")])
        }
        var account = OutboundFixture.yunzhenji
        account.credentials = .yunzhenji(appID: "app-1", accessToken: Secret(""), wxid: "16888", callbackToken: Secret("cb-tok"))
        #expect(throws: SendRequestError.missingCredential(provider: .yunzhenji, account: "sales", key: "access_token")) {
            try account.sendRequest(conversation: "7xxx", chat: .private, items: [OutboundFixture.item(.text("a"))])
        }
    }

    @Test func acceptsEveryItemWhoseIdxCameBack() {
        let body = #"{"errcode":0,"data":[{"idx":0,"api_send_svrid":"168xxx,7xxx,1675997660116ABKocO","api_send_id":"116"},{"idx":"1","api_send_svrid":"s2"}]}"#
        #expect(YunzhenjiSend.classify(status: 200, body: OutboundFixture.bytes(body), itemCount: 2) ==
            .accepted([.accepted(providerID: "168xxx,7xxx,1675997660116ABKocO"), .accepted(providerID: "s2")]))
    }

    @Test func partialAcceptanceRejectsTheMissingIdx() {
        let body = #"{"errcode":0,"data":[{"idx":2,"api_send_svrid":"s3"},{"idx":0,"api_send_svrid":"s1"}]}"#
        #expect(Provider.yunzhenji.classify(status: 200, body: OutboundFixture.bytes(body), itemCount: 3) == .accepted([
            .accepted(providerID: "s1"),
            .rejected("not accepted by the provider (idx 1 missing)"),
            .accepted(providerID: "s3"),
        ]))
        #expect(YunzhenjiSend.classify(status: 200, body: OutboundFixture.bytes(#"{"errcode":0,"data":[]}"#), itemCount: 1) ==
            .accepted([.rejected("not accepted by the provider (idx 0 missing)")]))
        #expect(YunzhenjiSend.classify(status: 200, body: OutboundFixture.bytes(#"{"errcode":0}"#), itemCount: 1) ==
            .accepted([.rejected("not accepted by the provider (idx 0 missing)")]))
    }

    @Test func anIdxWithoutSvridIsAcceptedWithoutAProviderID() {
        #expect(YunzhenjiSend.classify(status: 200, body: OutboundFixture.bytes(#"{"errcode":0,"data":[{"idx":0,"api_send_svrid":""}]}"#),
                                       itemCount: 1) == .accepted([.accepted(providerID: nil)]))
    }

    @Test(arguments: [
        (200, #"{"errcode":40001,"message":"invalid access_token"}"#, SendOutcome.rejected("errcode 40001: invalid access_token")),
        (200, #"{"errcode":"40014","errmsg":"wxid offline"}"#, .rejected("errcode 40014: wxid offline")),
        (200, #"{"errcode":1}"#, .rejected("errcode 1")),
        (200, "<html>maintenance</html>", .retryable("unreadable answer: the body is not a JSON object")),
        (200, #"{"hello":1}"#, .retryable("unreadable answer: neither errcode nor data")),
        (400, #"{"errcode":400,"message":"bad json"}"#, .rejected("HTTP 400: errcode 400: bad json")),
        (500, "", .retryable("HTTP 500")),
        (408, "", .retryable("HTTP 408")),
        (301, "", .rejected("HTTP 301 (unexpected status)")),
    ])
    func classifiesErrorsAndUnreadableAnswers(status: Int, body: String, expected: SendOutcome) {
        #expect(YunzhenjiSend.classify(status: status, body: OutboundFixture.bytes(body), itemCount: 2) == expected)
    }
}
