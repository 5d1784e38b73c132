import Core
import Delivery
import Foundation
import JSON
import Storage
import Testing
@testable import Service

@Suite struct AdminStatsTests {
    @Test(arguments: ["days=0", "days=91", "days=-1", "days=week", "days=1.5", "provider=icq"])
    func badParametersAre400(_ query: String) async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.get("/api/stats?\(query)")
            #expect(answer.status == 400, "\(query)")
            #expect(answer.error != nil)
        }
    }

    @Test func anEmptyOutboxHasNullRatesAndLatencies() async throws {
        try await AdminServer.with { server async throws in
            for days in [1, 90] {
                let answer = try await server.get("/api/stats?days=\(days)")
                #expect(answer.status == 200)
                #expect(answer.json["days"] == .int(Int64(days)))
                #expect(answer.json["total"] == 0)
                #expect(answer.json["success_rate"] == .null)
                #expect(answer.json["latency_ms"] == [
                    "accept_p50": nil, "accept_p99": nil, "confirm_p50": nil, "confirm_p99": nil])
                #expect(answer.json["by_state"]?["cancelled"] == 0)
            }
            #expect(try await server.get("/api/stats").json["days"] == 7)
        }
    }

    @Test func figuresCoverTheWindowOnly() async throws {
        try await AdminServer.with { server async throws in
            let t0 = AdminServer.t0
            server.clock.set(t0 - 8 * 86_400)
            try await server.enqueue(provider: .wecom, account: "ops")  // outside a 7-day window
            server.clock.set(t0)
            let sentA = try await server.enqueue(provider: .gowechat, account: "home")
            try await server.answer(sentA, with: .sent(providerIDs: [nil]), after: 0.2)
            let sentB = try await server.enqueue(provider: .wecom, account: "ops")
            try await server.answer(sentB, with: .sent(providerIDs: [nil]), after: 0.4)
            let failed = try await server.enqueue(provider: .gowechat, account: "home")
            try await server.answer(failed, with: .rejected(reason: "HTTP 403", itemIndex: nil))
            try await server.enqueue()
            server.clock.set(t0 + 60)

            let week = try await server.get("/api/stats?days=7")
            #expect(week.status == 200)
            let json = week.json
            #expect(json["total"] == 4)
            #expect(json["by_state"]?["sent"] == 2)
            #expect(json["by_state"]?["failed"] == 1)
            #expect(json["by_state"]?["queued"] == 1)
            #expect(json["delivered"] == 2)
            #expect(json["failed"] == 1)
            let rate = try #require(json["success_rate"]?.doubleValue)
            #expect(abs(rate - 2.0 / 3.0) < 1e-9)
            let p50 = try #require(json["latency_ms"]?["accept_p50"]?.doubleValue)
            let p99 = try #require(json["latency_ms"]?["accept_p99"]?.doubleValue)
            // Read from the latency bins: within a sixteenth of a doubling (4.4%) of 200 and 400 ms.
            #expect(abs(p50 / 200 - 1) < 0.045)
            #expect(abs(p99 / 400 - 1) < 0.045)
            #expect(json["latency_ms"]?["confirm_p50"] == .null)

            #expect(try await server.get("/api/stats?days=9").json["total"] == 5)
            let wecom = try await server.get("/api/stats?days=7&provider=wecom&account=ops")
            #expect(wecom.json["total"] == 1)
            #expect(wecom.json["success_rate"]?.doubleValue == 1)
            #expect(try await server.get("/api/stats?provider=wecom&account=home").json["total"] == 0)
        }
    }

    @Test func byDayCutsTheWindowAtLocalMidnights() async throws {
        // t0 is 2025-11-21 04:40 in London (UTC in November), 12:40 in Shanghai; t0 − 5 h is the 20th in
        // London, the 21st in Shanghai.
        for (zone, lastTwo) in [("Europe/London", [1, 1]), ("Asia/Shanghai", [0, 2])] {
            try await AdminServer.with(timeZone: TimeZone(identifier: zone)!) { server async throws in
                server.clock.set(AdminServer.t0 - 5 * 3600)
                try await server.enqueue()
                server.clock.set(AdminServer.t0)
                try await server.enqueue()
                let answer = try await server.get("/api/stats?days=2")
                #expect(answer.json["time_zone"] == .string(zone))
                let days = try #require(answer.json["by_day"]?.arrayValue)
                #expect(days.last?["date"] == "2025-11-21", "\(zone)")
                #expect(days.count == 3, "\(zone)")
                #expect(days.suffix(2).compactMap { $0["total"]?.intValue } == lastTwo, "\(zone)")
                #expect(days.compactMap { $0["total"]?.intValue }.reduce(0, +) == 2)
            }
        }
    }

    @Test func dayBoundariesFollowTheZone() {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let days = DailyCounts.days(since: AdminServer.t0 - 7 * 86_400, until: AdminServer.t0, timeZone: shanghai)
        #expect(days.count == 8)
        #expect(days.first?.date == "2025-11-14")
        #expect(days.last?.date == "2025-11-21")
        #expect(days.first?.start == AdminServer.t0 - 7 * 86_400)
        #expect(days.last?.end == AdminServer.t0)
        for (previous, next) in zip(days, days.dropFirst()) {
            #expect(previous.end == next.start)
            // Shanghai midnight is 16:00 UTC.
            #expect(Int(next.start) % 86_400 == 16 * 3600)
        }
    }
}
