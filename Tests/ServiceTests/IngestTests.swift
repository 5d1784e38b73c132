import Foundation
@testable import Service
import ServiceHarness
import Testing

/// The inbound endpoints over real sockets, against a real SQLite file (docs/api.md, "Inbound
/// hooks").
@Suite struct IngestTests {
    @Test func botadminWebhookIsStoredAndAnswered() async throws {
        try await TestService.with { running in
            let answer = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "你好 价格"))
            #expect(answer.status == 200)
            #expect(answer.json["ok"]?.boolValue == true)
            #expect(answer.json["duplicate"]?.boolValue == false)
            let id = try #require(answer.json["event_id"]?.stringValue)
            #expect(id.hasPrefix("e_"))
            #expect(answer.headers["x-request-id"]?.isEmpty == false)
        }
    }

    @Test func redeliveryWithinWindowIsDuplicateWithFirstID() async throws {
        try await TestService.with { running in
            let body = TestAccount.botadminBody(text: "redelivered")
            let first = try await running.client.post("/hooks/botadmin/shop", body: body)
            let second = try await running.client.post("/hooks/botadmin/shop", body: body)
            #expect(first.json["duplicate"]?.boolValue == false)
            #expect(second.status == 200)
            #expect(second.json["duplicate"]?.boolValue == true)
            #expect(second.json["event_id"]?.stringValue == first.json["event_id"]?.stringValue)
            // A different text is a different event.
            let other = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "another"))
            #expect(other.json["duplicate"]?.boolValue == false)
            #expect(other.json["event_id"]?.stringValue != first.json["event_id"]?.stringValue)
        }
    }

    @Test func identicalBodyAfterWindowIsNewEvent() async throws {
        try await TestService.with(TestSettings { $0.dedupeWindowS = 1 }) { running in
            let body = TestAccount.botadminBody(text: "same words later")
            let first = try await running.client.post("/hooks/botadmin/shop", body: body)
            running.clock.advance(1.2)   // past the window
            let later = try await running.client.post("/hooks/botadmin/shop", body: body)
            #expect(later.json["duplicate"]?.boolValue == false)
            #expect(later.json["event_id"]?.stringValue != first.json["event_id"]?.stringValue)
        }
    }

    @Test func simultaneousIdenticalWebhooksStoreOneEvent() async throws {
        try await TestService.with { running in
            let body = TestAccount.botadminBody(text: "at the same moment")
            let answers = try await withThrowingTaskGroup(of: WebClient.Answer.self) { group in
                for _ in 0..<16 { group.addTask { try await running.client.post("/hooks/botadmin/shop", body: body) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 200 })
            #expect(answers.filter { $0.json["duplicate"]?.boolValue == false }.count == 1)
            #expect(Set(answers.compactMap { $0.json["event_id"]?.stringValue }).count == 1)
        }
    }

    @Test func windowZeroStoresEverySimultaneousCopy() async throws {
        try await TestService.with(TestSettings { $0.dedupeWindowS = 0 }) { running in
            let body = TestAccount.botadminBody(text: "no window")
            let answers = try await withThrowingTaskGroup(of: WebClient.Answer.self) { group in
                for _ in 0..<32 { group.addTask { try await running.client.post("/hooks/botadmin/shop", body: body) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 200 && $0.json["duplicate"]?.boolValue == false })
            #expect(Set(answers.compactMap { $0.json["event_id"]?.stringValue }).count == 32)
        }
    }

    @Test func wrongOrMissingSecretIs401AndStoresNothing() async throws {
        try await TestService.with { running in
            let wrong = try await running.client.post("/hooks/botadmin/shop",
                                                      body: TestAccount.botadminBody(text: "x", secret: "nope"))
            #expect(wrong.status == 401)
            #expect(wrong.json["ok"]?.boolValue == false)
            #expect(!(wrong.text.contains(TestAccount.shopSecret)))
            let missing = try await running.client.post("/hooks/botadmin/shop",
                                                        body: #"{"msgtype":"text","conversation_id":"c","text":{"content":"x"}}"#)
            #expect(missing.status == 401)
            // The same body with the right secret is new: the refused one was not stored.
            let right = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "x"))
            #expect(right.json["duplicate"]?.boolValue == false)
        }
    }

    @Test(arguments: [
        ("not json", "body is not valid JSON"),
        (#"{"secret":"SECRET","conversation_id":"c"}"#, "msgtype"),
        (#"{"secret":"SECRET","msgtype":"text","text":{"content":"x"}}"#, "conversation_id"),
        (#"{"secret":"SECRET","msgtype":"text","conversation_id":"c","text":{"content":{"a":1}}}"#, "text.content"),
        (#"{"secret":"SECRET","msgtype":"text","conversation_id":["c"]}"#, "conversation_id"),
        ("[1,2]", "JSON object"),
    ])
    func malformedBodiesAre400(body: String, mentions: String) async throws {
        try await TestService.with { running in
            let answer = try await running.client.post(
                "/hooks/botadmin/shop", body: body.replacingOccurrences(of: "SECRET", with: TestAccount.shopSecret))
            #expect(answer.status == 400)
            let error = try #require(answer.json["error"]?.stringValue)
            #expect(error.contains(mentions), "\(error)")
            #expect(answer.json["ok"]?.boolValue == false)
        }
    }

    /// A body that is JSON but not an object has no provider shape: 400 on every hook, before any
    /// secret or token is looked for (so `sales`, which wants `?token=`, answers 400 too).
    @Test(arguments: ["[1,2]", "[]", #""text""#, "42", "null", "true"])
    func nonObjectJSONIs400BeforeAuthentication(body: String) async throws {
        try await TestService.with { running in
            for path in ["/hooks/botadmin/shop", "/hooks/yunzhenji/sales", "/hooks/yunzhenji/open"] {
                let answer = try await running.client.post(path, body: body)
                #expect(answer.status == 400, "\(path) \(body)")
                #expect(answer.json["ok"]?.boolValue == false)
                let error = try #require(answer.json["error"]?.stringValue)
                #expect(error.hasPrefix("body must be a JSON object, not "), "\(error)")
            }
        }
    }

    @Test func invalidUTF8Is400() async throws {
        try await TestService.with { running in
            var body = Data(TestAccount.botadminBody(text: "AB").utf8)
            let index = body.firstIndex(of: UInt8(ascii: "A"))!
            body[index] = 0xff
            let answer = try await running.client.send("POST", "/hooks/botadmin/shop", body: body, contentType: "application/json")
            #expect(answer.status == 400)
        }
    }

    @Test func unknownTypeIsStoredAndAnswered200() async throws {
        try await TestService.with { running in
            let body = #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"video","conversation_id":"c1","sender":"u1","video":{}}"#
            let answer = try await running.client.post("/hooks/botadmin/shop", body: body)
            #expect(answer.status == 200)
            #expect(answer.json["duplicate"]?.boolValue == false)
        }
    }

    @Test func contentTypeRules() async throws {
        try await TestService.with { running in
            // URLSession always sends a Content-Type with a body; curl can leave it out.
            let missing = try await curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type:",
                                    "--data-binary", TestAccount.botadminBody(text: "no type"),
                                    running.client.base + "/hooks/botadmin/shop"])
            #expect(missing == "200")
            let charset = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "charset"),
                                                        contentType: "application/json; charset=UTF-8")
            #expect(charset.status == 200)
            let form = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "form"),
                                                     contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            #expect(form.json["ok"]?.boolValue == false)
        }
    }

    @Test func unknownAccountOrProviderIs404AndWrongMethodIs405() async throws {
        try await TestService.with { running in
            let account = try await running.client.post("/hooks/botadmin/nobody", body: TestAccount.botadminBody(text: "x"))
            #expect(account.status == 404)
            let provider = try await running.client.post("/hooks/telegram/shop", body: "{}")
            #expect(provider.status == 404)
            let method = try await running.client.get("/hooks/botadmin/shop")
            #expect(method.status == 405)
            #expect(method.headers["allow"]?.contains("POST") == true)
            #expect(method.json["ok"]?.boolValue == false)
        }
    }

    @Test func bodyOverLimitIs413() async throws {
        try await TestService.with(TestSettings { $0.limits["max_body_bytes"] = 1024 }) { running in
            let big = TestAccount.botadminBody(text: String(repeating: "x", count: 2048))
            let answer = try await running.client.post("/hooks/botadmin/shop", body: big)
            #expect(answer.status == 413)
            let small = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "fits"))
            #expect(small.status == 200)
        }
    }
}
