import Foundation
@testable import Service
import ServiceHarness
import Testing

/// Keyword auto-reply end to end (docs/rules.md): inbound message in through the simulator, reply
/// out through the same account to the simulator, exactly once.
@Suite struct AutoReplyTests {
    static let rules = [
        "shop.json": """
            {"rules": [
              {"name": "price", "keywords": ["价格"],
               "reply": {"mode": "all", "messages": [{"type": "text", "text": "您好 {{sender}}，价格是 99 元"}]}},
              {"name": "catalogue", "keywords": ["目录"],
               "reply": {"mode": "all", "messages": [{"type": "text", "text": "目录如下"},
                                                     {"type": "image", "url": "https://example.com/c.png"}]}}
             ],
             "default": {"mode": "all", "messages": [{"type": "text", "text": "收到，稍后回复您"}]}}
            """,
    ]

    /// Both in this process: the test reads the service's group directory.
    static func settings(rules: [String: String]) -> TestSettings {
        TestSettings {
            $0.simulator = .inProcess
            $0.accounts = [.shop, .sales]
            $0.rules = rules
            $0.expireAfterS = 5
            $0.maxAttempts = 3
            $0.sendTimeoutMs = 3000
            $0.perAccountPerMinute = 10_000
        }
    }

    @Test func botadminPriceGetsExactlyOneRenderedReply() async throws {
        try await TestService.with(Self.settings(rules: Self.rules)) { world in
            let answer = try await world.inbound(provider: "botadmin", account: "shop", conversation: "c1",
                                                 sender: "u1", text: "请问价格多少")
            #expect(answer.status == 200)
            let sent = try await eventually { try await world.sentRequests().count >= 1 }
            #expect(sent)
            // Replies are queued with the message that asks for them: once the outbox has sent
            // everything, a second reply would be in the simulator's log.
            try await world.waitUntilSettled(timeout: 10)
            let requests = try await world.sentRequests()
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(request.path == "/api/send")
            #expect(request.query["conversation_id"] == "c1")
            #expect(request.body["text"]?["content"]?.stringValue == "您好 u1，价格是 99 元")
        }
    }

    /// An account is named by its bare `name` everywhere a rule names one: `scope.accounts` and
    /// `{{account}}` — in a real reply and in `POST /api/rules/test` alike.
    @Test func ruleScopeAndAccountTemplateUseTheBareAccountName() async throws {
        let rules = ["scoped.json": """
            {"rules": [
              {"name": "which", "keywords": ["账号"], "scope": {"accounts": ["shop"]},
               "reply": {"messages": [{"type": "text", "text": "账号 {{account}}"}]}},
              {"name": "elsewhere", "keywords": ["账号"], "priority": 9, "scope": {"accounts": ["sales"]},
               "reply": {"messages": [{"type": "text", "text": "wrong account"}]}}
            ]}
            """]
        try await TestService.with(Self.settings(rules: rules)) { world in
            let answer = try await world.inbound(provider: "botadmin", account: "shop", conversation: "c1",
                                                 sender: "u1", text: "哪个账号")
            #expect(answer.status == 200)
            #expect(try await eventually { try await world.sentRequests().count >= 1 })
            try await world.waitUntilSettled(timeout: 10)
            let requests = try await world.sentRequests()
            #expect(requests.count == 1)
            #expect(requests.first?.body["text"]?["content"]?.stringValue == "账号 shop")

            let tested = try await world.client.post("/api/rules/test", body: #"{"text":"哪个账号","provider":"botadmin","account":"shop"}"#)
            #expect(tested.json["rule"]?.stringValue == "which", "\(tested.text)")
            #expect(tested.json["replies"]?[0]?["text"]?.stringValue == "账号 shop", "\(tested.text)")
        }
    }

    @Test func yunzhenjiCustomerMessageGetsOneRequestWithAllItems() async throws {
        try await TestService.with(Self.settings(rules: Self.rules)) { world in
            let answer = try await world.inbound(provider: "yunzhenji", account: "sales", conversation: "7xxx",
                                                 sender: "7xxx", text: "发一下目录")
            #expect(answer.status == 200)
            #expect(try await eventually { try await world.sentRequests().count >= 1 })
            try await world.waitUntilSettled(timeout: 10)
            let requests = try await world.sentRequests().filter { $0.path == "/wechat/sendMessage" }
            #expect(requests.count == 1)
            let messages = requests.first?.body["messages"]?.arrayValue
            #expect(messages?.count == 2)
            #expect(messages?.first?["msg_type"]?.stringValue == "text")
            #expect(messages?.last?["msg_type"]?.stringValue == "picture")
        }
    }

    @Test func echoesAndOwnMessagesAreNeverAnswered() async throws {
        try await TestService.with(Self.settings(rules: Self.rules)) { world in
            let path = "/hooks/yunzhenji/sales?token=\(TestAccount.callbackToken)"
            let echo = #"{"event":"chatMsg","data":{"msg_id":"e1","api_send_id":"s_x","api_send_svrid":"1,2,3","is_self":true,"conversation_id":"7a","content":{"items":[{"type":"text","text":"价格"}]}}}"#
            let own = #"{"event":"chatMsg","data":{"msg_id":"e2","is_self":true,"conversation_id":"7a","content":{"items":[{"type":"text","text":"价格"}]}}}"#
            #expect(try await world.client.post(path, body: echo).status == 200)
            #expect(try await world.client.post(path, body: own).status == 200)
            // bot-admin: a sender listed in self_ids is the account itself.
            let selfMessage = try await world.inbound(provider: "botadmin", account: "shop", conversation: "c9",
                                                      sender: "bot-self", text: "价格")
            #expect(selfMessage.status == 200)
            // Nothing was queued with them: with the outbox empty, nothing is on its way.
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await world.messageCount() == 0)
            #expect(try await world.sentRequests().isEmpty)
        }
    }

    @Test func redeliveredWebhookProducesNothingMore() async throws {
        try await TestService.with(Self.settings(rules: Self.rules)) { world in
            let body = #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":"c2","sender":"u2","text":{"content":"价格"}}"#
            let first = try await world.client.post("/hooks/botadmin/shop", body: body)
            let again = try await world.client.post("/hooks/botadmin/shop", body: body)
            #expect(first.json["duplicate"]?.boolValue == false)
            #expect(again.json["duplicate"]?.boolValue == true)
            #expect(try await eventually { try await world.sentRequests().count >= 1 })
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await world.sentRequests().count == 1)
        }
    }

    @Test func twentyMessagesInAMinuteGetAtMostTenReplies() async throws {
        try await TestService.with(Self.settings(rules: Self.rules)) { world in
            for n in 0..<20 {
                let answer = try await world.inbound(provider: "botadmin", account: "shop", conversation: "busy",
                                                     sender: "u3", text: "第\(n)个问题")
                #expect(answer.status == 200)
            }
            #expect(try await eventually { try await world.sentRequests().count >= 10 })
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await world.sentRequests().count == 10)
            // Another conversation is not held back by this one's cap.
            _ = try await world.inbound(provider: "botadmin", account: "shop", conversation: "calm", sender: "u4", text: "你好")
            #expect(try await eventually { try await world.sentRequests().count == 11 })
        }
    }

    @Test func badRuleFileOnReloadLeavesTheOldSetAnswering() async throws {
        try await TestService.with(Self.settings(rules: Self.rules)) { world in
            let rulesPath = world.service.configuration.rulesPath
            try #"{"rules": [{"name": "broken", "keywords": ["x"], "match": "sometimes", "reply": {"messages": []}}]}"#
                .write(toFile: rulesPath + "/zz-bad.json", atomically: true, encoding: .utf8)
            let reload = try await world.client.post("/api/rules/reload", body: "")
            #expect(reload.status == 422)
            let problems = reload.json["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(problems.contains { $0.contains("zz-bad.json:1:") })
            let listed = try await world.client.get("/api/rules")
            #expect(listed.json["last_error"]?["problems"] != nil)
            _ = try await world.inbound(provider: "botadmin", account: "shop", conversation: "c5", sender: "u5", text: "价格")
            #expect(try await eventually { try await world.sentRequests().count == 1 })
        }
    }

    /// bot-admin's payload does not say whether a conversation is a group: what wxhook decided
    /// from the group list is stored with the event and shown by `GET /api/events`.
    @Test func botadminEventsAreStoredWithTheGroupListsDecision() async throws {
        try await TestService.with(Self.settings(rules: [:])) { world in
            #expect(await eventually { world.service.groups.chat(account: "shop", conversation: "team-1") == .group })
            for conversation in ["team-1", "alice"] {
                let answer = try await world.inbound(provider: "botadmin", account: "shop", conversation: conversation,
                                                     sender: "u1", text: "hello \(conversation)")
                #expect(answer.status == 200)
            }
            let events = try await world.allEvents("provider=botadmin")
            #expect(events.first { $0.conversation == "team-1" }?.isGroup == true, "\(events)")
            #expect(events.first { $0.conversation == "alice" }?.isGroup == false, "\(events)")
        }
    }

    @Test func botadminGroupsComeFromTheGroupListAndNeedAMention() async throws {
        let rules = ["hand.json": #"{"rules":[{"name":"handoff","keywords":["人工"],"scope":{"require_mention":true},"reply":{"messages":[{"type":"text","text":"正在为您转接人工"}]}}]}"#]
        try await TestService.with(Self.settings(rules: rules)) { world in
            // The simulator lists "team-1" as a group although its id does not say so.
            #expect(await eventually { world.service.groups.chat(account: "shop", conversation: "team-1") == .group })
            _ = try await world.inbound(provider: "botadmin", account: "shop", conversation: "team-1", sender: "u1", text: "人工")
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await world.sentRequests().filter { $0.path == "/api/send" }.isEmpty)
            _ = try await world.inbound(provider: "botadmin", account: "shop", conversation: "team-1", sender: "u1",
                                        text: "@小助手 人工")
            #expect(try await eventually {
                try await world.sentRequests().filter { $0.path == "/api/send" }.count == 1
            })
            // In a private chat the mention is not needed.
            _ = try await world.inbound(provider: "botadmin", account: "shop", conversation: "alice", sender: "u2", text: "人工")
            #expect(try await eventually {
                try await world.sentRequests().filter { $0.path == "/api/send" }.count == 2
            })
        }
    }
}
