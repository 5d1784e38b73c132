import Core
import Foundation
import Logging
@testable import Service
import Storage
import Synchronization
import Testing

/// The pruner on a real store: a pass deletes everything old in batches no larger than allowed, and
/// the batch size follows how long batches take.
@Suite struct PrunerTests {
    static let t0 = 1_763_700_000.0
    static let day = 86_400.0

    @Test func aPassDeletesEverythingOldInBoundedBatches() async throws {
        let folder = NSTemporaryDirectory() + "wxhook-pruner-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore.open(path: folder + "/w.sqlite", dedupeWindow: 10)
        for index in 0..<250 {
            _ = try await store.ingest(Self.event("old-\(index)"), id: "e_old\(index)", receivedAt: Self.t0 + Double(index),
                                       replies: nil)
        }
        _ = try await store.ingest(Self.event("young"), id: "e_young", receivedAt: Self.t0 + 40 * Self.day, replies: nil)
        let batches = Mutex<[Int]>([])
        var pruner = Pruner(store: store, policy: RetentionPolicy(eventsDays: 30, messagesDays: 0, forwardsDays: 0, dedupeWindow: 10),
                            clock: { Self.t0 + 41 * Self.day }, logger: Logger(level: .error, sink: LogSink(fd: -1)),
                            pruned: { rows, count in if rows == .events { batches.withLock { $0.append(count) } } })
        pruner.batchSize = 100
        pruner.pause = .zero
        pruner.pauseFactor = 0
        let totals = await pruner.pass(now: Self.t0 + 41 * Self.day)
        #expect(totals == [.events: 250])
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 250 && sizes.allSatisfy { $0 <= 100 } && sizes.count >= 3)
        #expect(try await store.events(matching: EventFilter(), limit: 10, offset: 0).items.map(\.id) == ["e_young"])
        await store.close()
    }

    @Test func batchesShrinkWhenSlowAndGrowBackWhenQuick() {
        var pruner = Pruner(store: NoStore(), policy: RetentionPolicy(eventsDays: 1, messagesDays: 1, forwardsDays: 1, dedupeWindow: 0),
                            clock: { 0 }, logger: Logger(level: .error, sink: LogSink(fd: -1)), pruned: { _, _ in })
        pruner.batchTarget = .milliseconds(5)
        #expect(pruner.nextSize(after: 1000, took: .milliseconds(20)) == 500)
        #expect(pruner.nextSize(after: 12, took: .milliseconds(20)) == 10)
        #expect(pruner.nextSize(after: 300, took: .milliseconds(4)) == 300)
        #expect(pruner.nextSize(after: 300, took: .milliseconds(1)) == 600)
        #expect(pruner.nextSize(after: 600, took: .milliseconds(1)) == 1000)
    }

    static func event(_ key: String) -> InboundEvent {
        InboundEvent(provider: .botadmin, account: "shop", kind: .message, conversation: "c", sender: "u", text: "hi",
                     isGroup: false, dedupeKey: DedupeKey(value: key, windowed: false), rawBody: Array("{}".utf8))
    }
}

/// A store that is never asked: `nextSize` needs none.
private struct NoStore: RetentionStore {
    func prune(_ rows: RetainedRows, before cutoff: Double, limit: Int) async throws -> Int { 0 }
    func footprint() async throws -> StoreFootprint { StoreFootprint(bytes: 0, oldest: [:]) }
}
