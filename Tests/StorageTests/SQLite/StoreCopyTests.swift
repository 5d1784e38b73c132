import Core
import Delivery
import Foundation
import Platform
import PostgreSQL
import SQLite
import Testing
import TestSupport
@testable import Storage

/// `wxhook migrate` at the store level: a SQLite store filled through its API, copied into an
/// empty PostgreSQL database, reads back the same through the Store protocols.
@Suite struct StoreCopyTests {
    static let t0 = StoreFixture.t0
    static let policy = DeliveryPolicy(confirmAfterSeconds: 60, expireAfterSeconds: 900, maxAttempts: 3)
    static let planner = LabelPlanner([("crm", ForwardFilter()), ("llm", ForwardFilter(events: [.eventMessage]))])

    /// A SQLite file in a temp folder of its own.
    static func temporaryPath() throws -> (path: String, remove: @Sendable () -> Void) {
        let folder = NSTemporaryDirectory() + "wxhook-copy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder + "/store.sqlite", { try? FileManager.default.removeItem(atPath: folder) })
    }

    @Test func everyTableOfTheSQLiteSchemaIsOneTheCopyKnows() async throws {
        let (path, remove) = try Self.temporaryPath()
        defer { remove() }
        await (try SQLiteStore.open(path: path, dedupeWindow: 300)).close()
        let connection = try Connection(path: path, readOnly: true)
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0.string(0) }
            .filter { !EventTextIndex.isIndexTable($0) }  // the text index: the target derives its own
        #expect(Set(tables) == Set(StoreTable.allCases.map(\.rawValue)),
                "a table of the SQLite schema is missing from StoreTable (or the other way round)")

        // A table it does not know stops the copy before anything is read.
        let writer = try Connection(path: path)
        try writer.execute("CREATE TABLE later_feature (id INTEGER PRIMARY KEY)")
        #expect(throws: StoreCopyError.unknownTable(path: path, table: "later_feature")) { try SQLiteExport.open(path: path) }
    }

    @Test func aMissingFileOrOneHeldByAnInstanceIsRefused() async throws {
        let (path, remove) = try Self.temporaryPath()
        defer { remove() }
        #expect(throws: StoreCopyError.sourceMissing(path)) { try SQLiteExport.open(path: path) }
        await (try SQLiteStore.open(path: path, dedupeWindow: 300)).close()
        let lock = try SQLiteMaintenance(databasePath: path).claim()
        #expect(throws: StoreCopyError.sourceInUse(path: path, pid: CurrentProcess.id)) { try SQLiteExport.open(path: path) }
        lock.release()
        try SQLiteExport.open(path: path).close()
    }

    /// Everything the store shows of itself, through its protocols.
    struct Snapshot: Equatable {
        var events: [StoredEvent]
        var messages: [OutboxMessageDetail]
        var counts: [DeliveryState: Int]
        var stats: OutboxStats
        var forwards: [ForwardDetail]
        var activity: [String: SubscriptionActivity]

        init(_ store: any Store) async throws {
            events = try await store.events(matching: EventFilter(), limit: 1000, offset: 0).items
            var messages: [OutboxMessageDetail] = []
            for message in try await store.list(filter: MessageFilter(), limit: 1000, offset: 0).items {
                messages.append(try await store.detail(message.id))
            }
            self.messages = messages
            counts = try await store.countsByState()
            stats = try await store.stats(since: 0)
            var forwards: [ForwardDetail] = []
            for forward in try await store.forwards(matching: ForwardQuery(), limit: 1000, offset: 0).items {
                if let detail = try await store.forward(id: forward.id) { forwards.append(detail) }
            }
            self.forwards = forwards
            activity = try await store.subscriptionActivity()
        }
    }

    /// Events, messages in several states with their timelines, an idempotency key, forwards with
    /// attempts that succeeded and failed.
    static func fill(_ store: any Store) async throws {
        for (n, conversation) in ["7a", "7b", "7a"].enumerated() {
            _ = try await store.ingest(ForwardStoreTests.message("m\(n)", key: "k\(n)", conversation: conversation),
                                       id: "e_\(n)", receivedAt: t0 + Double(n), replies: nil)
        }
        let claim = IdempotencyClaim(key: "key-1", body: Array("{\"to\":\"7xxx\"}".utf8))
        guard case .created(let sent) = try await store.enqueue(
            [NewOutboxMessage(provider: .yunzhenji, account: "sales", conversation: "7xxx", items: [.text("您好")],
                              origin: .api)], idempotency: claim, now: t0 + 10), let echoed = sent.first else {
            throw StoreFixtureError("enqueue created nothing")
        }
        _ = try await store.startAttempt(messageID: echoed.id, apiSendIDs: ["s-1"], now: t0 + 11)
        _ = try await store.recordAnswer(messageID: echoed.id, event: .accepted(providerIDs: ["svr-1"]), now: t0 + 12)
        try await store.ingestCallback(.receipt, apiSendID: "s-1", providerID: "svr-1", now: t0 + 13)
        let cancelled = try await store.enqueueOne(conversation: "7c", now: t0 + 14)
        _ = try await store.cancel(messageID: cancelled.id, now: t0 + 15)
        _ = try await store.enqueueOne(conversation: "7d", now: t0 + 16)
        let sending = try await store.enqueueOne(conversation: "7e", now: t0 + 17)
        _ = try await store.startAttempt(messageID: sending.id, apiSendIDs: ["s-2"], now: t0 + 18)

        let policy = ForwardPolicy(maxAttempts: 3, retryBaseMilliseconds: 1000)
        let due = try await store.dueForwards(now: t0 + 20, limit: 10)
        let started = try await store.startForwardAttempts(due.map(\.id), now: t0 + 20)
        for (index, result) in started.enumerated() {
            let forward = try result.get()
            let status = index % 2 == 0 ? 200 : 503
            _ = try await store.recordForwardAttempt(id: forward.id, attempt: forward.attempts,
                                                     result: .answered(status: status, retryAfter: nil), answer: "ok",
                                                     durationMs: 12.5, policy: policy, jitter: 0, now: t0 + 21)
        }
    }

    @Test(.postgres) func aCopyReadsBackTheSameThroughTheStore() async throws {
        let (path, remove) = try Self.temporaryPath()
        defer { remove() }
        let source = try SQLiteStore.open(path: path, policy: Self.policy, dedupeWindow: 300, forwarding: Self.planner)
        try await Self.fill(source)
        let before = try await Snapshot(source)
        await source.close()
        #expect(before.events.count == 4 && before.messages.count == 4 && before.forwards.count >= 4)
        #expect(before.counts[.echoed] == 1 && before.counts[.cancelled] == 1 && before.counts[.sending] == 1)
        #expect(before.forwards.contains { $0.attempts.count == 1 && $0.forward.state == .delivered })

        let database = try TestPostgres.database()
        defer { database.drop() }
        let export = try SQLiteExport.open(path: path)
        let counts = try StoreCopy.copy(from: export, to: try PostgresImport.open(url: database.url))
        export.close()
        #expect(counts.first { $0.table == .events }?.rows == 4)
        #expect(counts.first { $0.table == .timeline }?.rows == before.messages.map(\.timeline.count).reduce(0, +))

        let target = try PostgresStore.open(url: database.url, policy: Self.policy, dedupeWindow: 300,
                                            forwarding: Self.planner, connections: 2)
        do {
            let after = try await Snapshot(target)
            #expect(after.events == before.events)
            #expect(after.messages == before.messages)
            #expect(after.counts == before.counts)
            #expect(after.stats == before.stats)
            #expect(after.forwards == before.forwards)
            #expect(after.activity == before.activity)
            // The store goes on from there: new rows after the copied ones, the key remembered.
            _ = try await target.ingest(ForwardStoreTests.message("new", key: "k-new"), id: "e_new",
                                        receivedAt: Self.t0 + 100, replies: nil)
            #expect(try await target.events(matching: EventFilter(), limit: 1, offset: 0).items.first?.id == "e_new")
            let again = try await target.enqueue(
                [NewOutboxMessage(provider: .yunzhenji, account: "sales", conversation: "7xxx", items: [.text("您好")],
                                  origin: .api)],
                idempotency: IdempotencyClaim(key: "key-1", body: Array("{\"to\":\"7xxx\"}".utf8)), now: Self.t0 + 101)
            guard case .repeated = again else { throw StoreFixtureError("the idempotency key was not copied: \(again)") }
            _ = try await target.enqueueOne(conversation: "7f", now: Self.t0 + 102)
            #expect(try await target.countsByState()[.queued] == (before.counts[.queued] ?? 0) + 1)
        } catch {
            await target.close()
            throw error
        }
        await target.close()

        // A second copy finds the target filled, and writes nothing.
        let second = try SQLiteExport.open(path: path)
        defer { second.close() }
        #expect(throws: StoreCopyError.targetNotEmpty(database: database.url.description, table: "events")) {
            _ = try StoreCopy.copy(from: second, to: try PostgresImport.open(url: database.url))
        }
    }
}
