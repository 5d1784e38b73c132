import Core
import JSON
@testable import Providers
import Testing

@Suite struct BotadminSendTests {
    @Test func textGoesToApiSendWithSecretAndConversationInTheQuery() throws {
        let request = try OutboundFixture.botadmin.sendRequest(conversation: "wr/abc 1@chatroom", chat: .group,
                                                      items: [OutboundFixture.item(.text("hello world"))])
        #expect(request.method == "POST")
        #expect(request.url == "https://bot-admin.example/api/send?secret=s3cr3t%2B%2F%3D&conversation_id=wr%2Fabc%201%40chatroom")
        #expect(request.header("content-type") == "application/json")
        #expect(try OutboundFixture.body(request) == OutboundFixture.json(#"{"msgtype":"text","text":{"content":"hello world"}}"#))
    }

    @Test func linkImageAndMiniprogramBodies() throws {
        let link = try BotadminSend.request(account: OutboundFixture.botadmin, conversation: "c1", chat: .private, items: [
            OutboundFixture.item(.link(title: "标题", url: "https://x.com", desc: "描述", imageURL: "https://x.com/logo.png")),
        ])
        #expect(try OutboundFixture.body(link) == OutboundFixture.json(
            #"{"msgtype":"link","link":{"title":"标题","url":"https://x.com","image_url":"https://x.com/logo.png","desc":"描述"}}"#))

        let bareLink = try BotadminSend.request(account: OutboundFixture.botadmin, conversation: "c1", chat: .private, items: [
            OutboundFixture.item(.link(title: "t", url: "https://x.com", desc: nil, imageURL: nil)),
        ])
        #expect(try OutboundFixture.body(bareLink) == OutboundFixture.json(#"{"msgtype":"link","link":{"title":"t","url":"https://x.com"}}"#))

        let image = try BotadminSend.request(account: OutboundFixture.botadmin, conversation: "c1", chat: .private,
                                             items: [OutboundFixture.item(.image(url: "https://x.com/a.png"))])
        #expect(try OutboundFixture.body(image) == OutboundFixture.json(#"{"msgtype":"image","image":{"url":"https://x.com/a.png"}}"#))

        let card = JSONObject([("appid", "wx123"), ("title", "店铺"), ("page_path", "pages/index")])
        let mini = try BotadminSend.request(account: OutboundFixture.botadmin, conversation: "c1", chat: .private,
                                            items: [OutboundFixture.item(.miniprogram(card))])
        #expect(try OutboundFixture.body(mini) == OutboundFixture.json(
            #"{"msgtype":"miniprogram","miniprogram":{"appid":"wx123","title":"店铺","page_path":"pages/index"}}"#))
    }

    @Test func refusesUnsupportedTypesAndMoreThanOneItem() {
        #expect(throws: SendRequestError.unsupportedType(provider: .botadmin, type: .voice)) {
            try OutboundFixture.botadmin.sendRequest(conversation: "c1", chat: .private,
                                             items: [OutboundFixture.item(.voice(url: "https://x/a.mp3", duration: 3))])
        }
        #expect(throws: SendRequestError.unsupportedType(provider: .botadmin, type: .file)) {
            try OutboundFixture.botadmin.sendRequest(conversation: "c1", chat: .private,
                                             items: [OutboundFixture.item(.file(title: "a", url: "https://x/a.pdf"))])
        }
        #expect(throws: SendRequestError.itemCount(provider: .botadmin, count: 2, allowed: 1...1)) {
            try OutboundFixture.botadmin.sendRequest(conversation: "c1", chat: .private,
                                             items: [OutboundFixture.item(.text("a")), OutboundFixture.item(.text("b"), "a2")])
        }
        #expect(throws: SendRequestError.itemCount(provider: .botadmin, count: 0, allowed: 1...1)) {
            try OutboundFixture.botadmin.sendRequest(conversation: "c1", chat: .private, items: [])
        }
    }

    @Test func refusesAnAccountWithoutSecretOrWithABadBaseURL() {
        var account = OutboundFixture.botadmin
        account.credentials = .botadmin(secret: Secret(""))
        #expect(throws: SendRequestError.missingCredential(provider: .botadmin, account: "shop", key: "secret")) {
            try account.sendRequest(conversation: "c1", chat: .private, items: [OutboundFixture.item(.text("a"))])
        }
        account = OutboundFixture.botadmin
        account.baseURL = "bot-admin.example"
        #expect(throws: SendRequestError.invalidBaseURL(provider: .botadmin, account: "shop")) {
            try account.sendRequest(conversation: "c1", chat: .private, items: [OutboundFixture.item(.text("a"))])
        }
    }

    @Test(arguments: [
        (200, "", SendOutcome.accepted([.accepted(providerID: nil)])),
        (200, "ok", .accepted([.accepted(providerID: nil)])),
        (200, #"{"errcode":0,"errmsg":"ok"}"#, .accepted([.accepted(providerID: nil)])),
        (200, #"{"code":200,"message":"success"}"#, .accepted([.accepted(providerID: nil)])),
        (200, #"{"code":0,"success":true}"#, .accepted([.accepted(providerID: nil)])),
        (200, #"{"errcode":40001,"errmsg":"invalid secret"}"#, .rejected("errcode 40001: invalid secret")),
        (200, #"{"errcode":"93000"}"#, .rejected("errcode 93000")),
        (200, #"{"code":500,"message":"conversation not found"}"#, .rejected("code 500: conversation not found")),
        (200, #"{"success":false,"message":"robot offline"}"#, .rejected("robot offline")),
        (200, #"{"success":false}"#, .rejected("success false")),
        (401, #"{"message":"bad secret"}"#, .rejected("HTTP 401: bad secret")),
        (404, "not found", .rejected("HTTP 404: not found")),
        (429, "", .retryable("HTTP 429")),
        (502, "<html>bad gateway</html>", .retryable("HTTP 502: <html>bad gateway</html>")),
        (503, #"{"errcode":-1,"errmsg":"system busy"}"#, .retryable("HTTP 503: errcode -1: system busy")),
    ])
    func classifiesEveryAnswerKind(status: Int, body: String, expected: SendOutcome) {
        #expect(BotadminSend.classify(status: status, body: OutboundFixture.bytes(body)) == expected)
        #expect(Provider.botadmin.classify(status: status, body: OutboundFixture.bytes(body), itemCount: 1) == expected)
    }
}
