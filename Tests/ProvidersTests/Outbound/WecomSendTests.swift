import Core
import JSON
@testable import Providers
import Testing

@Suite struct WecomSendTests {
    @Test func postsTheRobotBodyToTheKeyedWebhookIgnoringTheConversation() throws {
        let request = try OutboundFixture.wecom.sendRequest(conversation: "anything", chat: .group,
                                                    items: [OutboundFixture.item(.text("部署完成"))])
        #expect(request.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx")
        #expect(request.header("Content-Type") == "application/json")
        #expect(try OutboundFixture.body(request) == OutboundFixture.json(#"{"msgtype":"text","text":{"content":"部署完成"}}"#))
    }

    @Test func refusesVoiceAndAMissingKey() {
        #expect(throws: SendRequestError.unsupportedType(provider: .wecom, type: .voice)) {
            try OutboundFixture.wecom.sendRequest(conversation: "c", chat: .group, items: [OutboundFixture.item(.voice(url: "u", duration: 1))])
        }
        var account = OutboundFixture.wecom
        account.credentials = .wecom(key: Secret(""))
        #expect(throws: SendRequestError.missingCredential(provider: .wecom, account: "ops", key: "key")) {
            try account.sendRequest(conversation: "c", chat: .group, items: [OutboundFixture.item(.text("a"))])
        }
    }

    @Test(arguments: [
        (200, #"{"errcode":0,"errmsg":"ok"}"#, SendOutcome.accepted([.accepted(providerID: nil)])),
        (200, "", .accepted([.accepted(providerID: nil)])),
        (200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#, .rejected("errcode 93000: invalid webhook url")),
        (200, #"{"errcode":45009}"#, .rejected("errcode 45009")),
        (403, "", .rejected("HTTP 403")),
        (504, "", .retryable("HTTP 504")),
    ])
    func classifiesEveryAnswerKind(status: Int, body: String, expected: SendOutcome) {
        #expect(WecomSend.classify(status: status, body: OutboundFixture.bytes(body)) == expected)
    }
}
