import Core
import Storage
import Testing

/// Listing inbound events: newest first, filters that combine, pages, and a text search that
/// takes `%` and `_` literally.
@Suite struct EventQueryTests {
    static let t0 = StoreFixture.t0

    static func event(
        _ kind: EventKind = .message, provider: Provider = .yunzhenji, account: String = "sales",
        conversation: String? = "7xxx", text: String?, key: String
    ) -> InboundEvent {
        InboundEvent(provider: provider, account: account, kind: kind, conversation: conversation, sender: "7xxx",
                     text: text, dedupeKey: DedupeKey(value: key, windowed: false), rawBody: [])
    }

    /// Six events a second apart (`e_1` … `e_6`).
    static func fill(_ store: any Store) async throws {
        let events = [
            event(text: "价格多少", key: "1"),
            event(provider: .botadmin, account: "shop", conversation: "g1@chatroom", text: "100% 真的", key: "2"),
            event(.receipt, text: "您好", key: "3"),
            event(text: "under_score", key: "4"),
            event(.sendFailure, conversation: "8yyy", text: nil, key: "5"),
            event(text: "100 yuan, underXscore", key: "6"),
        ]
        for (index, event) in events.enumerated() {
            _ = try await store.ingest(event, id: "e_\(index + 1)", receivedAt: t0 + Double(index + 1), replies: nil)
        }
    }

    static func ids(_ store: any Store, _ filter: EventFilter, limit: Int = 50, offset: Int = 0) async throws -> [String] {
        try await store.events(matching: filter, limit: limit, offset: offset).items.map(\.id)
    }

    @Test func filtersCombineAndPagesCountEverything() async throws {
        try await StoreFixture.with { store, _ in
            try await Self.fill(store)
            #expect(try await Self.ids(store, EventFilter()) == ["e_6", "e_5", "e_4", "e_3", "e_2", "e_1"])
            #expect(try await Self.ids(store, EventFilter(provider: .botadmin)) == ["e_2"])
            #expect(try await Self.ids(store, EventFilter(account: "sales", kind: .receipt)) == ["e_3"])
            #expect(try await Self.ids(store, EventFilter(kind: .message, conversation: "7xxx")) == ["e_6", "e_4", "e_1"])
            #expect(try await Self.ids(store, EventFilter(since: Self.t0 + 3, until: Self.t0 + 5)) == ["e_4", "e_3"])
            let page = try await store.events(matching: EventFilter(), limit: 2, offset: 2)
            #expect(page.items.map(\.id) == ["e_4", "e_3"])
            #expect(page.total == 6)
        }
    }

    @Test func textMatchesLiterally() async throws {
        try await StoreFixture.with { store, _ in
            try await Self.fill(store)
            #expect(try await Self.ids(store, EventFilter(text: "价格")) == ["e_1"])
            #expect(try await Self.ids(store, EventFilter(text: "100%")) == ["e_2"])
            #expect(try await Self.ids(store, EventFilter(text: "under_")) == ["e_4"])
            #expect(try await Self.ids(store, EventFilter(text: "%")) == ["e_2"])
            #expect(try await Self.ids(store, EventFilter(text: "_")) == ["e_4"])
            #expect(try await Self.ids(store, EventFilter(text: "YUAN")) == ["e_6"])  // ASCII case folds
            #expect(try await Self.ids(store, EventFilter(text: "' OR 1=1 --")).isEmpty)
        }
    }
}
