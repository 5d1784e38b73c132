import Foundation
import JSON
import ServiceHarness
import Testing

/// Retention end to end: a running service deletes what is older than `retention` keeps, counts it
/// in `/metrics`, and `/health` shows the database's size and its oldest rows.
@Suite struct RetentionTests {
    @Test func oldEventsAndMessagesArePrunedInTheBackground() async throws {
        let settings = TestSettings {
            $0.retention = ["events_days": 1, "messages_days": 2, "forwards_days": 0]
            $0.maxAttempts = 1
        }
        try await TestService.with(settings) { running in
            let stored = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "old"))
            #expect(stored.status == 200)
            // Sent to nobody (no simulator) with one attempt: it fails at once, a final state.
            let message = try await running.send(.ops("room"), text: "old news")
            _ = try await running.waitFor(message, timeout: 60)

            let health = try await running.client.get("/health").json
            let startedWith = try #require(health["storage"]?["bytes"]?.intValue)
            #expect(startedWith > 0)
            let oldestEvent = try #require(health["storage"]?["oldest"]?["events"]?.doubleValue)
            #expect(health["storage"]?["oldest"]?["messages"]?.doubleValue != nil)
            #expect(health["storage"]?["oldest"]?["forwards"] == .null)
            #expect(abs(oldestEvent - running.clock.now) < 60)

            // A day and a half later the event is past its day; the message not yet past its two.
            running.clock.advance(1.5 * 86_400)
            #expect(try await eventually(within: 60) { try await running.allEvents("").isEmpty })
            #expect(try await running.messageCount() == 1)
            running.clock.advance(86_400)
            #expect(try await eventually(within: 60) { try await running.messageCount() == 0 })

            let metrics = try await running.client.get("/metrics").text
            #expect(metrics.contains(#"wxhook_retention_pruned_rows_total{table="events"} 1"#))
            #expect(metrics.contains(#"wxhook_retention_pruned_rows_total{table="messages"} 1"#))
            #expect(metrics.contains(#"wxhook_retention_pruned_rows_total{table="forwards"} 0"#))
            #expect(metrics.contains("wxhook_database_bytes "))
            #expect(!metrics.contains("wxhook_oldest_row_timestamp_seconds{"))
            let after = try await running.client.get("/health").json
            #expect(after["storage"]?["oldest"]?["events"] == .null)
            #expect(after["storage"]?["oldest"]?["messages"] == .null)
        }
    }

    @Test func zeroKeepsForever() async throws {
        let settings = TestSettings {
            $0.retention = ["events_days": 0, "messages_days": 1, "forwards_days": 0]
            $0.maxAttempts = 1
        }
        try await TestService.with(settings) { running in
            _ = try await running.client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "kept"))
            let message = try await running.send(.ops("room"), text: "goes")
            _ = try await running.waitFor(message, timeout: 60)
            running.clock.advance(10 * 365 * 86_400)
            // A pass looks at events before messages: once the message is gone, the events were
            // looked at too, and the one event stays.
            #expect(try await eventually(within: 60) { try await running.messageCount() == 0 })
            #expect(try await running.allEvents("").count == 1)
            let metrics = try await running.client.get("/metrics").text
            #expect(metrics.contains(#"wxhook_oldest_row_timestamp_seconds{table="events"}"#))
            #expect(metrics.contains(#"wxhook_retention_pruned_rows_total{table="events"} 0"#))
        }
    }
}
