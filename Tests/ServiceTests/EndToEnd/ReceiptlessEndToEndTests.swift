import Foundation
import JSON
import ServiceHarness
import Testing

/// Providers that never send receipts: `queued → sending → sent`, final, and exactly one request
/// in the provider's own format (docs/providers.md: botadmin, gowechat, wecom).
@Suite struct ReceiptlessEndToEndTests {
    @Test func botadminGowechatAndWecomSendsEndSentWithOneRightRequestEach() async throws {
        try await TestService.with(.endToEnd()) { stack in
            let shop = try await stack.send(.shop("conv-42"), text: "你好 shop")
            let home = try await stack.send(.home("wxid_friend"), text: "你好 home")
            let group = try await stack.send(.home("123@chatroom"), text: "你好 group")
            let ops = try await stack.send(.ops("ignored"), text: "你好 ops")

            var views: [String: MessageView] = [:]
            for (name, id) in [("shop", shop), ("home", home), ("group", group), ("ops", ops)] {
                let view = try await stack.waitFor(id)
                #expect(view.state == "sent", "\(view.story)")
                #expect(view.transitions == ["nil→queued", "queued→sending", "sending→sent"], "\(view.story)")
                #expect(view.timelineChains, "\(view.story)")
                #expect(view.attempts == 1)
                #expect(view.attemptHistory?.map(\.outcome) == ["sent"])
                #expect(view.error == nil)
                views[name] = view
            }
            let log = try await stack.simLog()

            let botadmin = log.filter { $0.path == "/api/send" }
            #expect(botadmin.count == 1)
            let shopRequest = try #require(botadmin.first)
            #expect(shopRequest.query["conversation_id"] == "conv-42")
            #expect(shopRequest.query["secret"] == "***", "the simulator saw a secret")
            #expect(shopRequest.body.membersSorted == (["msgtype": "text", "text": ["content": "你好 shop"]] as JSONValue).membersSorted)
            #expect(shopRequest.answerStatus == 200)

            let gowechat = log.filter { $0.path == "/send_message" }
            #expect(gowechat.count == 2)
            for (request, (conversation, text, chat, name)) in zip(
                gowechat.sorted { ($0.texts.first ?? "") > ($1.texts.first ?? "") },
                [("wxid_friend", "你好 home", "private", "home"), ("123@chatroom", "你好 group", "group", "group")]
            ) {
                let expected: JSONValue = [
                    "action": "send_message", "echo": JSONValue(views[name]?.attemptHistory?.first?.apiSendIds.first ?? "?"),
                    "params": ["detail_type": JSONValue(chat), "send_id": JSONValue(conversation), "msg_type": 1, "message": JSONValue(text)],
                ]
                #expect(request.body.membersSorted == expected.membersSorted, "\(request.body)")
                #expect(request.answerStatus == 200)
            }
            // gowechat gives a message_id: it is the message's provider id.
            #expect(views["home"]?.providerIds.first??.isEmpty == false)

            let wecom = log.filter { $0.path == "/cgi-bin/webhook/send" }
            #expect(wecom.count == 1)
            let opsRequest = try #require(wecom.first)
            #expect(opsRequest.query["key"] == "***")
            #expect(opsRequest.body.membersSorted == (["msgtype": "text", "text": ["content": "你好 ops"]] as JSONValue).membersSorted)

            #expect(log.filter { $0.path == "/wechat/sendMessage" }.isEmpty)
        }
    }

    @Test(arguments: [(SendTarget.shop("c-no"), "errcode 45009"), (SendTarget.home("wxid_no"), "retcode 100"),
                      (SendTarget.ops("x"), "errcode 45009")])
    func aRejectionInTheProvidersFormatFailsAtOnce(target: SendTarget, words: String) async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["errcode_next": 1])
            let id = try await stack.send(target, text: "拒绝")
            let view = try await stack.waitFor(id)
            #expect(view.state == "failed", "\(view.story)")
            #expect(view.attempts == 1)
            #expect(view.error?.contains(words) == true, "\(view.story)")
            #expect(view.error?.contains("simulated rejection") == true, "\(view.story)")
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→failed"], "\(view.story)")
            #expect(try await stack.simLog().filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test func aClientErrorIsNotRetried() async throws {
        var settings = TestSettings.endToEnd()
        settings.simulatorGoToken = "another-token"
        try await TestService.with(settings) { stack in
            let id = try await stack.send(.home("wxid_401"), text: "错误的令牌")
            let view = try await stack.waitFor(id)
            #expect(view.state == "failed", "\(view.story)")
            #expect(view.attempts == 1, "a 4xx is final: \(view.story)")
            #expect(view.error?.contains("401") == true, "\(view.story)")
            #expect(view.error?.contains("invalid token") == true, "\(view.story)")
            #expect(view.error?.contains(TestAccount.goToken) == false, "no secret in the error")
            let requests = try await stack.simLog().filter { $0.path == "/send_message" }
            #expect(requests.map(\.answerStatus) == [401])
        }
    }
}
