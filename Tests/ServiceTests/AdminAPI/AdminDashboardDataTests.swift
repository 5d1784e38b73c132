import Core
import Foundation
import JSON
import Storage
import Testing
@testable import Service

/// What the dashboard reads besides the lists: the configured accounts (for the send form), one
/// event with its payload, and messages and events over time (for the charts).
@Suite struct AdminDashboardDataTests {
    static let t0 = AdminServer.t0

    @Test func accountsAreListedByNameWithoutCredentials() async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.get("/api/accounts")
            #expect(answer.status == 200)
            #expect(answer.items == [
                ["provider": "botadmin", "account": "shop"], ["provider": "yunzhenji", "account": "sales"],
                ["provider": "gowechat", "account": "home"], ["provider": "wecom", "account": "ops"],
            ])
            #expect(answer.json["total"] == 4)
            for secret in [AdminServer.botSecret, AdminServer.accessToken, AdminServer.gowechatToken, AdminServer.wecomKey] {
                #expect(!answer.text.contains(secret))
            }
            #expect(try await server.get("/api/accounts", token: .some(nil)).status == 401)
        }
    }

    @Test func anEventShowsItsPayloadWithoutTheSecret() async throws {
        try await AdminServer.with { server async throws in
            let body = #"{"secret":"\#(AdminServer.botSecret)","msgtype":"text","conversation_id":"c1","sender":"u1","text":{"content":"价格<b>"}}"#
            let event = InboundEvent(provider: .botadmin, account: "shop", kind: .message, conversation: "c1", sender: "u1",
                                     text: "价格<b>", dedupeKey: DedupeKey(value: "k", windowed: false), rawBody: Array(body.utf8))
            _ = try await server.outbox.ingest(event, id: "e_1", receivedAt: Self.t0, replies: nil)
            let answer = try await server.get("/api/events/e_1")
            #expect(answer.status == 200)
            #expect(answer.json["id"] == "e_1")
            #expect(answer.json["text"] == "价格<b>")
            #expect(answer.json["raw"] == ["msgtype": "text", "conversation_id": "c1", "sender": "u1", "text": ["content": "价格<b>"]])
            #expect(!answer.text.contains(AdminServer.botSecret))
            #expect(!answer.text.contains("<b>"), "customer text stays inert")
            let missing = try await server.get("/api/events/e_none")
            #expect(missing.status == 404)
            #expect(missing.error != nil)
        }
    }

    @Test(arguments: ["bucket=week", "bucket=hour&days=8", "days=0", "days=91", "provider=icq"])
    func badSeriesParametersAre400(_ query: String) async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.get("/api/stats/series?\(query)")
            #expect(answer.status == 400, "\(query)")
            #expect(answer.error != nil)
        }
    }

    /// t0 is 12:40 in Shanghai. Messages and events placed in known hours land in those hours'
    /// buckets, by state, and in the day's bucket; a filter narrows both.
    @Test func theSeriesCountsMessagesByStateAndEventsPerBucket() async throws {
        try await AdminServer.with(timeZone: TimeZone(identifier: "Asia/Shanghai")!) { server async throws in
            server.clock.set(Self.t0 - 2 * 3600)  // 10:40
            let sent = try await server.enqueue(provider: .wecom, account: "ops")
            try await server.answer(sent, with: .sent(providerIDs: [nil]))
            let failed = try await server.enqueue()
            try await server.answer(failed, with: .rejected(reason: "HTTP 403", itemIndex: nil))
            server.clock.set(Self.t0 - 600)  // 12:30
            try await server.enqueue()
            try await AdminEventsTests.insert([
                AdminEventsTests.Row(id: "e_1", text: "a", receivedAt: Self.t0 - 2 * 3600 + 5),
                AdminEventsTests.Row(id: "e_2", text: "b", receivedAt: Self.t0 - 2 * 3600 + 9),
                AdminEventsTests.Row(id: "e_3", provider: .botadmin, account: "shop", text: "c", receivedAt: Self.t0 - 60),
            ], into: server)
            server.clock.set(Self.t0)

            let hourly = try await server.get("/api/stats/series?bucket=hour&days=1")
            #expect(hourly.status == 200)
            #expect(hourly.json["bucket"] == "hour")
            #expect(hourly.json["time_zone"] == "Asia/Shanghai")
            let buckets = try #require(hourly.json["buckets"]?.arrayValue)
            #expect(buckets.count == 25)  // 12:40 yesterday … 12:40 today, cut at the hours
            #expect(buckets.first?["start"]?.doubleValue == Self.t0 - 86_400)
            let byLabel = Dictionary(uniqueKeysWithValues: buckets.compactMap { bucket in
                bucket["label"]?.stringValue.map { ($0, bucket) }
            })
            let ten = try #require(byLabel["2025-11-21 10:00"])
            #expect(ten["messages"]?["sent"] == 1)
            #expect(ten["messages"]?["failed"] == 1)
            #expect(ten["messages"]?["queued"] == 0)
            #expect(ten["events"] == 2)
            let noon = try #require(byLabel["2025-11-21 12:00"])
            #expect(noon["messages"]?["queued"] == 1)
            #expect(noon["events"] == 1)
            #expect(byLabel["2025-11-21 11:00"]?["events"] == 0)

            let daily = try await server.get("/api/stats/series?days=2")
            #expect(daily.json["bucket"] == "day")
            let days = try #require(daily.json["buckets"]?.arrayValue)
            #expect(days.map { $0["label"]?.stringValue } == ["2025-11-19", "2025-11-20", "2025-11-21"])
            #expect(days.last?["events"] == 3)
            #expect(days.last?["messages"]?["sent"] == 1)

            let ops = try await server.get("/api/stats/series?days=1&provider=wecom&account=ops")
            #expect(ops.json["buckets"]?.arrayValue?.last?["messages"]?["sent"] == 1)
            #expect(ops.json["buckets"]?.arrayValue?.last?["messages"]?["failed"] == 0)
            #expect(ops.json["buckets"]?.arrayValue?.last?["events"] == 0)
        }
    }
}
