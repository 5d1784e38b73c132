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

    @Test func totalsCountEveryMatchWhateverTheFilter() async throws {
        try await StoreFixture.with { store, _ in
            try await Self.fill(store)
            let filters: [(EventFilter, Int)] = [
                (EventFilter(), 6), (EventFilter(kind: .message), 4), (EventFilter(provider: .botadmin, account: "shop"), 1),
                (EventFilter(account: "sales", kind: .receipt), 1), (EventFilter(conversation: "7xxx"), 4),
                (EventFilter(since: Self.t0 + 2.5), 4), (EventFilter(since: Self.t0 + 2, until: Self.t0 + 5), 3),
                (EventFilter(kind: .message, since: Self.t0 - 7200, until: Self.t0 + 7200), 4),
                (EventFilter(text: "价格"), 1), (EventFilter(text: "score"), 2), (EventFilter(text: "0"), 2),
            ]
            for (filter, total) in filters {
                let page = try await store.events(matching: filter, limit: 1, offset: 0)
                #expect(page.total == total, "\(filter)")
                #expect(page.items.count == min(1, total))
            }
        }
    }

    /// Searches of every length, at the start, middle and end of a text, against the index where
    /// the store has one: what it finds is what a scan finds.
    @Test func searchesOfEveryLengthFindWhatAScanFinds() async throws {
        try await StoreFixture.with { store, _ in
            let texts = ["价格多少", "问一下价格", "价", "Hello World", "hello", "订单123 #99", "订单1234 #9", "\"quoted\" text"]
            for (index, text) in texts.enumerated() {
                _ = try await store.ingest(Self.event(text: text, key: "k\(index)"), id: "t_\(index)",
                                           receivedAt: Self.t0 + Double(index), replies: nil)
            }
            let searches = ["价", "价格", "格", "格多少", "下价格", "ll", "HELLO", "o w", "d", "订单123", "123 #9", "#99",
                            "\"quoted\"", "\"", "nothing", "no"]
            for search in searches {
                let expected = texts.enumerated().filter { $0.element.lowercased().contains(search.lowercased()) }
                    .map { "t_\($0.offset)" }.reversed()
                let page = try await store.events(matching: EventFilter(text: search), limit: 50, offset: 0)
                #expect(page.items.map(\.id) == Array(expected), "q=\(search)")
                #expect(page.total == expected.count, "q=\(search)")
            }
            // Retention takes an event out of the index with it.
            #expect(try await store.prune(.events, before: Self.t0 + 1.5, limit: 10) == 2)
            #expect(try await store.events(matching: EventFilter(text: "价格多"), limit: 5, offset: 0).total == 0)
            #expect(try await store.events(matching: EventFilter(text: "价格"), limit: 5, offset: 0).total == 0)
        }
    }

    /// The SQLite index follows ingest: events stored before a restart are indexed by the start,
    /// events past a batch by a pass behind ingest, the latest ones not yet. A search finds each
    /// of them, counts them once, and loses the pruned ones, wherever they stand.
    @Test func searchesFindEventsOnBothSidesOfWhatIsIndexed() async throws {
        try await StoreFixture.forEachEngine { fixture in
            var texts: [String] = []
            func store(_ count: Int, into store: any Store) async throws {
                for _ in 0..<count {
                    let index = texts.count
                    let text = index % 3 == 0 ? "订单 \(index) 价格" : "item \(index)"
                    texts.append(text)
                    _ = try await store.ingest(Self.event(text: text, key: "k\(index)"), id: "t_\(index)",
                                               receivedAt: Self.t0 + Double(index), replies: nil)
                }
            }
            let before = try fixture.open()
            try await store(40, into: before)
            await before.close()
            let after = try fixture.open()
            try await store(300, into: after)
            for search in ["价格", "订单 3", "item 1", "ITEM 29", "33", "m 3"] {
                let expected = texts.enumerated().filter { $0.element.lowercased().contains(search.lowercased()) }
                    .map { "t_\($0.offset)" }.reversed()
                let page = try await after.events(matching: EventFilter(text: search), limit: 500, offset: 0)
                #expect(page.items.map(\.id) == Array(expected), "q=\(search)")
                #expect(page.total == expected.count, "q=\(search)")
            }
            #expect(try await after.prune(.events, before: Self.t0 + 30, limit: 100) == 30)
            #expect(try await after.events(matching: EventFilter(text: "订单 3 "), limit: 5, offset: 0).total == 0)
            #expect(try await after.events(matching: EventFilter(text: "订单"), limit: 5, offset: 0).total == 104)
            await after.close()
        }
    }
}
