import Core
import Storage
import Testing

/// One event with the body it came with, and events counted per time window (the dashboard's
/// event view and charts), on every engine.
@Suite struct EventDetailTests {
    static let t0 = StoreFixture.t0

    @Test func anEventComesWithItsBodyByteForByte() async throws {
        try await StoreFixture.with { store, _ in
            let body = Array(#"{"secret":"s","msgtype":"text","text":{"content":"价格\u0000"}}"#.utf8) + [0xFF]
            let event = InboundEvent(provider: .botadmin, account: "shop", kind: .message, conversation: "c1",
                                     sender: "u1", text: "价格", dedupeKey: DedupeKey(value: "k1", windowed: false),
                                     rawBody: body)
            _ = try await store.ingest(event, id: "e_1", receivedAt: Self.t0, replies: nil)
            let found = try #require(try await store.event(id: "e_1"))
            #expect(found.event.id == "e_1")
            #expect(found.event.text == "价格")
            #expect(found.event.receivedAt == Self.t0)
            #expect(found.raw == body)
            #expect(try await store.event(id: "e_2") == nil)
        }
    }

    @Test func countsFollowTheWindowsAndTheFilters() async throws {
        try await StoreFixture.with { store, _ in
            try await EventQueryTests.fill(store)  // e_1 … e_6 at t0 + 1 … t0 + 6; e_2 is botadmin/shop
            let starts = [Self.t0, Self.t0 + 2, Self.t0 + 5]
            #expect(try await store.eventCounts(starts: starts, provider: nil, account: nil) == [1, 3, 2])
            #expect(try await store.eventCounts(starts: starts, provider: .botadmin, account: nil) == [0, 1, 0])
            #expect(try await store.eventCounts(starts: starts, provider: .yunzhenji, account: "sales") == [1, 2, 2])
            // The last window has no end: an event stamped ahead of "now" still counts.
            #expect(try await store.eventCounts(starts: [Self.t0 + 6], provider: nil, account: nil) == [1])
            #expect(try await store.eventCounts(starts: [], provider: nil, account: nil) == [])
        }
    }
}
