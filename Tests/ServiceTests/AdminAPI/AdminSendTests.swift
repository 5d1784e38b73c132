import Core
import Foundation
import JSON
import Testing
@testable import Service

@Suite struct AdminSendTests {
    static let twoTargets = #"""
        {"targets":[{"provider":"yunzhenji","account":"sales","conversation":"7xxx"},
                    {"provider":"botadmin","account":"shop","conversation":"g1@chatroom"},
                    {"provider":"wecom","account":"ops","conversation":"room","chat":"group"}],
         "messages":[{"type":"text","text":"您好"},{"type":"image","url":"https://x.test/a.png"}]}
        """#

    @Test func createsOneQueuedMessagePerTargetWithAllItems() async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.post("/api/send", Self.twoTargets)
            #expect(answer.status == 202)
            let created = try #require(answer.json["messages"]?.arrayValue)
            #expect(created.count == 3)
            #expect(created.map { $0["state"] } == [.string("queued"), .string("queued"), .string("queued")])
            #expect(created[0]["target"] == [
                "provider": "yunzhenji", "account": "sales", "conversation": "7xxx", "chat": "private"])
            // `chat` defaults to the guess from the id; an explicit one is kept.
            #expect(created[1]["target"]?["chat"] == "group")
            #expect(created[2]["target"]?["chat"] == "group")
            #expect(server.wakes.value == 1)

            let page = try await server.outbox.list()
            #expect(page.total == 3)
            for message in page.items {
                #expect(message.items == [.text("您好"), .image(url: "https://x.test/a.png")])
                #expect(message.origin == .api)
                #expect(created.contains { $0["id"] == .string(message.id) })
            }
        }
    }

    @Test func sendAtKeepsTheMessageQueuedUntilThen() async throws {
        try await AdminServer.with { server async throws in
            let later = AdminServer.t0 + 3600
            let answer = try await server.post("/api/send", """
                {"targets":[{"provider":"gowechat","account":"home","conversation":"wxid_a"}],
                 "messages":[{"type":"text","text":"later"}],"send_at":\(Int(later))}
                """)
            #expect(answer.status == 202)
            let id = try #require(answer.json["messages"]?[0]?["id"]?.stringValue)
            let message = try #require(try await server.outbox.message(id: id)).message
            #expect(message.state == .queued)
            #expect(message.record.nextActionAt == later)
            let due = try await server.outbox.claimDue(now: AdminServer.t0 + 1, limit: 10)
            #expect(due.isEmpty)
        }
    }

    static let badRequests: [(String, String)] = [
        ("not JSON", "{targets:"),
        ("empty body", ""),
        ("not an object", "[1,2]"),
        ("targets missing", #"{"messages":[{"type":"text","text":"a"}]}"#),
        ("targets not an array", #"{"targets":{},"messages":[{"type":"text","text":"a"}]}"#),
        ("messages missing", #"{"targets":[{"provider":"wecom","account":"ops","conversation":"c"}]}"#),
        ("messages not an array", #"{"targets":[{"provider":"wecom","account":"ops","conversation":"c"}],"messages":"hi"}"#),
        ("target not an object", #"{"targets":["wecom/ops"],"messages":[{"type":"text","text":"a"}]}"#),
        ("provider a number", #"{"targets":[{"provider":1,"account":"ops","conversation":"c"}],"messages":[{"type":"text","text":"a"}]}"#),
        ("account missing", #"{"targets":[{"provider":"wecom","conversation":"c"}],"messages":[{"type":"text","text":"a"}]}"#),
        ("conversation a number", #"{"targets":[{"provider":"wecom","account":"ops","conversation":7}],"messages":[{"type":"text","text":"a"}]}"#),
        ("chat a boolean", #"{"targets":[{"provider":"wecom","account":"ops","conversation":"c","chat":true}],"messages":[{"type":"text","text":"a"}]}"#),
        ("message not an object", #"{"targets":[{"provider":"wecom","account":"ops","conversation":"c"}],"messages":["hi"]}"#),
        ("send_at a string", #"{"targets":[{"provider":"wecom","account":"ops","conversation":"c"}],"messages":[{"type":"text","text":"a"}],"send_at":"tomorrow"}"#),
    ]

    @Test(arguments: badRequests)
    func malformedBodiesAre400(_ name: String, _ body: String) async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.post("/api/send", body)
            #expect(answer.status == 400, "\(name): \(answer.text)")
            #expect(answer.error?.isEmpty == false)
            #expect(try await server.messageCount() == 0)
            #expect(server.wakes.value == 0)
        }
    }

    static func body(targets: [String], messages: [String]) -> String {
        #"{"targets":[\#(targets.joined(separator: ","))],"messages":[\#(messages.joined(separator: ","))]}"#
    }
    static let ops = #"{"provider":"wecom","account":"ops","conversation":"c"}"#
    static let text = #"{"type":"text","text":"a"}"#

    static let unprocessable: [(String, String, String)] = [
        ("no targets", body(targets: [], messages: [text]), "1 to 100"),
        ("101 targets", body(targets: Array(repeating: ops, count: 101), messages: [text]), "not 101"),
        ("no messages", body(targets: [ops], messages: []), "1 to 5"),
        ("6 messages", body(targets: [ops], messages: Array(repeating: text, count: 6)), "not 6"),
        ("invalid item", body(targets: [ops], messages: [#"{"type":"text"}"#]), "messages[0]"),
        ("unknown item type", body(targets: [ops], messages: [text, #"{"type":"sticker"}"#]), "messages[1]"),
        ("unknown provider",
         body(targets: [ops, #"{"provider":"telegram","account":"ops","conversation":"c"}"#], messages: [text]),
         "targets[1]: unknown provider \"telegram\""),
        ("unknown account",
         body(targets: [ops, #"{"provider":"yunzhenji","account":"shop","conversation":"c"}"#], messages: [text]),
         "targets[1]: no yunzhenji account \"shop\""),
        ("type the provider cannot carry",
         body(targets: [ops, #"{"provider":"gowechat","account":"home","conversation":"c"}"#],
              messages: [text, #"{"type":"link","title":"t","url":"https://x.test"}"#]),
         "targets[1] (gowechat/home): gowechat cannot carry a link message"),
        ("bad chat", body(targets: [#"{"provider":"wecom","account":"ops","conversation":"c","chat":"channel"}"#], messages: [text]),
         "targets[0].chat"),
        ("empty conversation", body(targets: [#"{"provider":"wecom","account":"ops","conversation":""}"#], messages: [text]),
         "targets[0].conversation"),
    ]

    @Test(arguments: unprocessable)
    func semanticProblemsAre422AndCreateNothing(_ name: String, _ body: String, _ expected: String) async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.post("/api/send", body)
            #expect(answer.status == 422, "\(name): \(answer.text)")
            #expect(answer.error?.contains(expected) == true, "\(name): \(answer.text)")
            #expect(try await server.messageCount() == 0)
            #expect(server.wakes.value == 0)
        }
    }

    @Test func everyUnknownTargetIsNamed() async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.post("/api/send", Self.body(targets: [
                #"{"provider":"wecom","account":"nope","conversation":"c"}"#, Self.ops,
                #"{"provider":"botadmin","account":"gone","conversation":"c"}"#,
            ], messages: [Self.text]))
            #expect(answer.status == 422)
            let error = try #require(answer.error)
            #expect(error.contains("targets[0]") && error.contains("\"nope\""))
            #expect(error.contains("targets[2]") && error.contains("\"gone\""))
            #expect(!error.contains("targets[1]"))
        }
    }

    @Test func anUnknownNameIsNotEchoedWhenItIsNotNameShaped() async throws {
        try await AdminServer.with { server async throws in
            let pasted = "s3cr3t value with spaces"
            let answer = try await server.post("/api/send", Self.body(
                targets: [#"{"provider":"wecom","account":"\#(pasted)","conversation":"c"}"#], messages: [Self.text]))
            #expect(answer.status == 422)
            #expect(!answer.text.contains(pasted))
        }
    }

    @Test func idempotencyKeyLengthIsChecked() async throws {
        try await AdminServer.with { server async throws in
            let body = Self.body(targets: [Self.ops], messages: [Self.text])
            let long = try await server.post("/api/send", body, headers: ["Idempotency-Key": String(repeating: "k", count: 129)])
            #expect(long.status == 400)
            #expect(long.error?.contains("Idempotency-Key") == true)
            let longest = try await server.post("/api/send", body, headers: ["Idempotency-Key": String(repeating: "k", count: 128)])
            #expect(longest.status == 202)
            #expect(try await server.messageCount() == 1)
        }
    }

    @Test func aStorageFailureIs503WithoutDetails() async throws {
        try await AdminServer.with { server async throws in
            let message = try await server.enqueue()
            await server.outbox.close()
            let send = try await server.post("/api/send", Self.body(targets: [Self.ops], messages: [Self.text]))
            #expect(send.status == 503)
            #expect(send.error?.contains("retry later") == true)
            #expect(!send.text.contains(server.folder))
            #expect(!send.text.contains("INSERT"))
            let cancel = try await server.post("/api/messages/\(message.id)/cancel")
            #expect(cancel.status == 503)
            #expect(server.wakes.value == 0)
        }
    }
}
