import Core
import Delivery
import JSON
import Storage
import Testing
@testable import Service

@Suite struct AdminMessagesTests {
    @Test func listsNewestFirstWithFiltersAndPages() async throws {
        try await AdminServer.with { server async throws in
            var ids: [String] = []
            for index in 0..<6 {
                let provider: Provider = index.isMultiple(of: 2) ? .yunzhenji : .wecom
                let message = try await server.enqueue(
                    provider: provider, account: provider == .yunzhenji ? "sales" : "ops",
                    conversation: index < 3 ? "c-early" : "c-late")
                ids.append(message.id)
                server.clock.advance(10)
            }
            let all = try await server.get("/api/messages")
            #expect(all.status == 200)
            #expect(all.json["count"] == 6)
            #expect(all.json["total"] == 6)
            #expect(all.items.compactMap { $0["id"]?.stringValue } == ids.reversed())

            let page = try await server.get("/api/messages?limit=2&offset=1")
            #expect(page.items.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3]])
            #expect(page.json["count"] == 2)
            #expect(page.json["total"] == 6)

            let wecom = try await server.get("/api/messages?provider=wecom&account=ops")
            #expect(wecom.items.compactMap { $0["id"]?.stringValue } == [ids[5], ids[3], ids[1]])
            #expect(try await server.get("/api/messages?provider=wecom&account=sales").json["total"] == 0)
            #expect(try await server.get("/api/messages?conversation=c-early").json["total"] == 3)

            // since inclusive, until exclusive, fractions allowed.
            let since = AdminServer.t0 + 20
            let window = try await server.get("/api/messages?since=\(since)&until=\(since + 20.5)")
            #expect(window.items.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3], ids[2]])

            // Empty values mean "any", as a form sends them.
            #expect(try await server.get("/api/messages?state=&provider=&account=&conversation=").json["total"] == 6)
        }
    }

    @Test func filtersByState() async throws {
        try await AdminServer.with { server async throws in
            let kept = try await server.enqueue(provider: .wecom, account: "ops")
            let cancelled = try await server.enqueue(provider: .wecom, account: "ops")
            _ = try await server.outbox.cancel(messageID: cancelled.id, now: server.clock.now)
            let queued = try await server.get("/api/messages?state=queued")
            #expect(queued.items.compactMap { $0["id"]?.stringValue } == [kept.id])
            let gone = try await server.get("/api/messages?state=cancelled")
            #expect(gone.items.compactMap { $0["id"]?.stringValue } == [cancelled.id])
        }
    }

    @Test func limitAbove500IsReadAs500() async throws {
        try await AdminServer.with { server async throws in
            let new = (0..<501).map { index in
                NewOutboxMessage(provider: .wecom, account: "ops", conversation: "c\(index)", items: [.text("x")])
            }
            _ = try await server.outbox.enqueue(new, now: server.clock.now)
            let capped = try await server.get("/api/messages?limit=100000")
            #expect(capped.json["count"] == 500)
            #expect(capped.json["total"] == 501)
            let defaulted = try await server.get("/api/messages")
            #expect(defaulted.json["count"] == 50)
            let none = try await server.get("/api/messages?limit=0")
            #expect(none.json["count"] == 0)
            #expect(none.json["total"] == 501)
        }
    }

    @Test(arguments: [
        "limit=-1", "limit=ten", "limit=1.5", "offset=-3", "offset=x", "limit=99999999999999999999999",
        "since=yesterday", "until=1e999", "since=nan", "state=lost", "provider=telegram",
    ])
    func badParametersAre400(_ query: String) async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.get("/api/messages?\(query)")
            #expect(answer.status == 400, "\(query): \(answer.text)")
            let name = String(query.prefix { $0 != "=" })
            #expect(answer.error?.contains(name) == true, "\(query): \(answer.text)")
        }
    }

    @Test func aMessageShowsItsTimelineAndAttempts() async throws {
        try await AdminServer.with { server async throws in
            let message = try await server.enqueue(provider: .gowechat, account: "home", items: [.text("a")])
            server.clock.advance(1)
            try await server.answer(message, with: .rejected(reason: "errcode 40001: invalid token", itemIndex: nil))
            let answer = try await server.get("/api/messages/\(message.id)")
            #expect(answer.status == 200)
            let json = answer.json
            #expect(json["id"] == .string(message.id))
            #expect(json["state"] == "failed")
            #expect(json["attempts"] == 1)
            #expect(json["error"]?.stringValue?.contains("40001") == true)
            #expect(json["items"] == [["type": "text", "text": "a"]])
            let timeline = try #require(json["timeline"]?.arrayValue)
            #expect(timeline.map { $0["to"] } == ["queued", "sending", "failed"])
            #expect(timeline.first?["from"] == .null)
            #expect(timeline.first?["cause"] == "api")
            for (previous, next) in zip(timeline, timeline.dropFirst()) { #expect(next["from"] == previous["to"]) }
            let history = try #require(json["attempt_history"]?.arrayValue)
            #expect(history.count == 1)
            #expect(history.first?["outcome"] == "rejected")
        }
    }

    @Test func anUnknownMessageIs404() async throws {
        try await AdminServer.with { server async throws in
            for request in [("GET", "/api/messages/m_nothing"), ("POST", "/api/messages/m_nothing/retry"),
                            ("POST", "/api/messages/m_nothing/cancel")] {
                let answer = try await server.request(request.0, request.1)
                #expect(answer.status == 404, "\(request)")
                #expect(answer.error == "no message \"m_nothing\"")
            }
        }
    }

    @Test func cancelTakesAQueuedMessageOnly() async throws {
        try await AdminServer.with { server async throws in
            let message = try await server.enqueue()
            let cancelled = try await server.post("/api/messages/\(message.id)/cancel")
            #expect(cancelled.status == 200)
            #expect(cancelled.json["id"] == .string(message.id))
            #expect(cancelled.json["state"] == "cancelled")
            let again = try await server.post("/api/messages/\(message.id)/cancel")
            #expect(again.status == 409)
            #expect(again.error?.contains("only a queued message can be cancelled") == true)
            let stored = try #require(try await server.outbox.message(id: message.id))
            #expect(stored.message.state == .cancelled)
            #expect(stored.timeline.count == 2)
        }
    }

    @Test func retryRequeuesAFailedMessageOnly() async throws {
        try await AdminServer.with { server async throws in
            let message = try await server.enqueue(provider: .wecom, account: "ops")
            let early = try await server.post("/api/messages/\(message.id)/retry")
            #expect(early.status == 409)
            #expect(early.error?.contains("only a failed or expired message can be retried") == true)
            #expect(server.wakes.value == 0)

            try await server.answer(message, with: .rejected(reason: "HTTP 400", itemIndex: nil))
            server.clock.advance(5)
            let retried = try await server.post("/api/messages/\(message.id)/retry")
            #expect(retried.status == 200)
            #expect(retried.json["state"] == "queued")
            #expect(retried.json["attempts"] == 1)
            #expect(server.wakes.value == 1)
            let detail = try await server.get("/api/messages/\(message.id)")
            #expect(detail.json["timeline"]?.arrayValue?.last?["to"] == "queued")
        }
    }
}
