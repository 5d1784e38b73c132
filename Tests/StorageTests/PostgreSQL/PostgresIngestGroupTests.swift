import Core
import Foundation
import PostgreSQL
import Testing
import TestSupport
@testable import Storage

/// Ingest's group commit on PostgreSQL: a group of requests in one transaction answers each as if
/// it had committed alone. PostgreSQL only: the SQLite engine's writer groups every write (its
/// own tests cover that).
@Suite(.postgres) struct PostgresIngestGroupTests {
    static let t0 = StoreFixture.t0

    static func message(_ key: String, account: String = "shop") -> InboundEvent {
        InboundEvent(provider: .botadmin, account: account, kind: .message, conversation: "c-1", sender: "u-1",
                     text: "text of \(key)", dedupeKey: DedupeKey(value: key, windowed: false),
                     rawBody: Array("{\"key\":\"\(key)\"}".utf8))
    }

    static func withStores(
        _ count: Int, _ body: ([PostgresStore]) async throws -> Void
    ) async throws {
        let database = try TestPostgres.database()
        defer { database.drop() }
        var stores: [PostgresStore] = []
        for _ in 0..<count {
            stores.append(try PostgresStore.open(url: database.url, dedupeWindow: 300, connections: 4))
        }
        do {
            try await body(stores)
        } catch {
            for store in stores { await store.close() }
            throw error
        }
        for store in stores { await store.close() }
    }

    @Test func aRequestAtFaultFailsAloneAndTheRestOfItsGroupIsStored() async throws {
        try await Self.withStores(1) { stores in
            let store = stores[0]
            _ = try await store.ingest(Self.message("first"), id: "e_taken", receivedAt: Self.t0, replies: nil)
            // The middle request reuses a stored event's id: the server refuses its row, which
            // fails the group's transaction.
            let group = [
                PendingIngest(event: Self.message("a"), id: "e_a", receivedAt: Self.t0, window: 300, replies: nil),
                PendingIngest(event: Self.message("bad"), id: "e_taken", receivedAt: Self.t0, window: 300,
                              replies: nil),
                PendingIngest(event: Self.message("c"), id: "e_c", receivedAt: Self.t0, window: 300, replies: nil),
            ]
            let results = await store.commit(group)
            #expect(results.count == 3)
            #expect((try? results[0].get()) == IngestResult(eventID: "e_a", duplicate: false, replied: false))
            #expect((try? results[1].get()) == nil)
            #expect((try? results[2].get()) == IngestResult(eventID: "e_c", duplicate: false, replied: false))
            let stored = try await store.events(matching: EventFilter(), limit: 10, offset: 0)
            #expect(Set(stored.items.map(\.id)) == ["e_taken", "e_a", "e_c"])
            // Nothing of the failed request stayed behind: its key is free for a good copy.
            let again = try await store.ingest(Self.message("bad"), id: "e_bad", receivedAt: Self.t0, replies: nil)
            #expect(!again.duplicate)
        }
    }

    @Test func aGroupAnswersEachRequestInItsOrderARedeliveryWithTheEventFirstStored() async throws {
        try await Self.withStores(1) { stores in
            let store = stores[0]
            _ = try await store.ingest(Self.message("x"), id: "e_x", receivedAt: Self.t0, replies: nil)
            let group = [
                PendingIngest(event: Self.message("b"), id: "e_b", receivedAt: Self.t0 + 1, window: 300, replies: nil),
                PendingIngest(event: Self.message("x"), id: "e_x2", receivedAt: Self.t0 + 1, window: 300, replies: nil),
                PendingIngest(event: Self.message("a"), id: "e_a", receivedAt: Self.t0 + 1, window: 300, replies: nil),
            ]
            let results = try await store.commit(group).map { try $0.get() }
            #expect(results == [
                IngestResult(eventID: "e_b", duplicate: false, replied: false),
                IngestResult(eventID: "e_x", duplicate: true, replied: false),
                IngestResult(eventID: "e_a", duplicate: false, replied: false),
            ])
            // Rows keep the group's order (arrival), not the order its keys were locked in.
            let stored = try await store.events(matching: EventFilter(), limit: 10, offset: 0)
            #expect(stored.items.map(\.id) == ["e_a", "e_b", "e_x"])
        }
    }

    @Test func manyKeysIngestedOnTwoInstancesAtOnceAreEachStoredOnce() async throws {
        try await Self.withStores(2) { stores in
            let keys = (0..<40).map { "k\($0)" }
            // Every key twice on each instance, all at once: groups on both sides share keys.
            let results = try await withThrowingTaskGroup(of: (String, IngestResult).self) { tasks in
                for (index, key) in keys.enumerated() {
                    for copy in 0..<4 {
                        let store = stores[(index + copy) % 2]
                        tasks.addTask {
                            (key, try await store.ingest(Self.message(key), id: "e_\(key)_\(copy)",
                                                         receivedAt: Self.t0, replies: nil))
                        }
                    }
                }
                return try await tasks.reduce(into: [String: [IngestResult]]()) { $0[$1.0, default: []].append($1.1) }
            }
            for key in keys {
                let answers = results[key] ?? []
                #expect(answers.count == 4)
                #expect(answers.filter { !$0.duplicate }.count == 1, "key \(key)")
                #expect(Set(answers.map(\.eventID)).count == 1, "key \(key)")
            }
            #expect(try await stores[0].events(matching: EventFilter(), limit: 1, offset: 0).total == keys.count)
        }
    }
}
