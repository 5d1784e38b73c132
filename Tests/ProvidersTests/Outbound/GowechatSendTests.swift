import Core
import JSON
@testable import Providers
import Testing

@Suite struct GowechatSendTests {
    @Test func privateTextCarriesBearerTokenAndEcho() throws {
        let request = try OutboundFixture.gowechat.sendRequest(conversation: "wxid_jj4mhsji9tjk22", chat: .private,
                                                       items: [OutboundFixture.item(.text("文本"), "m7-2-0")])
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:10614/send_message")
        #expect(request.header("authorization") == "Bearer rikka-bot")
        #expect(request.header("Content-Type") == "application/json")
        #expect(try OutboundFixture.body(request) == OutboundFixture.json(
            #"{"action":"send_message","echo":"m7-2-0","params":{"detail_type":"private","send_id":"wxid_jj4mhsji9tjk22","msg_type":1,"message":"文本"}}"#))
    }

    @Test func groupImageIsMsgType2WithTheURL() throws {
        let request = try GowechatSend.request(account: OutboundFixture.gowechat, conversation: "123@chatroom", chat: .group,
                                               items: [OutboundFixture.item(.image(url: "C:\\image\\test01.png"))])
        #expect(try OutboundFixture.body(request)["params"] == OutboundFixture.json(
            #"{"detail_type":"group","send_id":"123@chatroom","msg_type":2,"message":"C:\\image\\test01.png"}"#))
    }

    @Test func refusesLinksAndSeveralItems() {
        #expect(throws: SendRequestError.unsupportedType(provider: .gowechat, type: .link)) {
            try OutboundFixture.gowechat.sendRequest(conversation: "w", chat: .private,
                                             items: [OutboundFixture.item(.link(title: "t", url: "https://x", desc: nil, imageURL: nil))])
        }
        #expect(throws: SendRequestError.itemCount(provider: .gowechat, count: 2, allowed: 1...1)) {
            try OutboundFixture.gowechat.sendRequest(conversation: "w", chat: .private,
                                             items: [OutboundFixture.item(.text("a")), OutboundFixture.item(.text("b"), "b")])
        }
    }

    @Test(arguments: [
        (200, #"{"status":"ok","retcode":0,"data":{"time":1721635014.863425,"message_id":"mid-1"},"message":"","echo":"e"}"#,
         SendOutcome.accepted([.accepted(providerID: "mid-1")])),
        (200, #"{"status":"ok","retcode":0,"data":null,"message":"","echo":"e"}"#, .accepted([.accepted(providerID: nil)])),
        (200, #"{"status":"failed","retcode":100,"message":"friend not found","echo":"e"}"#, .rejected("retcode 100: friend not found")),
        (200, #"{"status":"failed","retcode":0,"message":"busy"}"#, .rejected("status failed: busy")),
        (200, #"{"status":"ok","retcode":-1}"#, .rejected("retcode -1")),
        (200, "done", .retryable("unreadable answer: the body is not a JSON object")),
        (200, #"{"ok":true}"#, .retryable("unreadable answer: neither status nor retcode")),
        (401, #"{"status":"failed","retcode":401,"message":"invalid token"}"#, .rejected("HTTP 401: retcode 401: invalid token")),
        (500, "", .retryable("HTTP 500")),
    ])
    func classifiesEveryAnswerKind(status: Int, body: String, expected: SendOutcome) {
        #expect(Provider.gowechat.classify(status: status, body: OutboundFixture.bytes(body), itemCount: 1) == expected)
    }
}
