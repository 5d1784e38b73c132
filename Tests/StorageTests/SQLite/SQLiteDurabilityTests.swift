import Core
import Foundation
import SQLite
import Testing
@testable import Storage

/// `durability` reaches the SQLite writer as its sync mode: `full` syncs the WAL at every commit
/// (`PRAGMA synchronous` 2), `process` leaves it to the operating system (1, `NORMAL`).
/// SQLite only: how an engine makes a commit durable is its own business.
@Suite struct SQLiteDurabilityTests {
    static func synchronous(_ durability: Durability?) async throws -> Int {
        let folder = NSTemporaryDirectory() + "wxhook-durability-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/store.sqlite"
        let store = if let durability {
            try SQLiteStore.open(path: path, dedupeWindow: 0, durability: durability)
        } else {
            try SQLiteStore.open(path: path, dedupeWindow: 0)
        }
        let mode = try await store.writer.write { db in try db.queryOne("PRAGMA synchronous")?.int(0) ?? -1 }
        await store.close()
        return mode
    }

    @Test func fullIsTheDefaultAndSyncsEveryCommit() async throws {
        #expect(try await Self.synchronous(nil) == 2)
        #expect(try await Self.synchronous(.full) == 2)
    }

    @Test func processLeavesTheSyncToTheSystem() async throws {
        #expect(try await Self.synchronous(.process) == 1)
    }
}
