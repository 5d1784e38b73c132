import Core
import PostgreSQL
import Testing
import TestSupport
@testable import Storage

/// `durability` on the PostgreSQL engine: `process` turns synchronous commit off for wxhook's
/// writes, `full` (the default) leaves the server's, which is on. PostgreSQL only: how an engine
/// makes a commit durable is its own business (SQLite: `SQLiteDurabilityTests`).
@Suite(.postgres) struct PostgresDurabilityTests {
    static func synchronousCommit(_ durability: Durability?) async throws -> String? {
        let database = try TestPostgres.database()
        defer { database.drop() }
        let store = if let durability {
            try PostgresStore.open(url: database.url, dedupeWindow: 0, connections: 1, durability: durability)
        } else {
            try PostgresStore.open(url: database.url, dedupeWindow: 0, connections: 1)
        }
        let setting = try await store.write { db in try db.query("SHOW synchronous_commit").first?.text(0) }
        await store.close()
        return setting
    }

    @Test func fullIsTheDefaultAndCommitsSynchronously() async throws {
        #expect(try await Self.synchronousCommit(nil) == "on")
        #expect(try await Self.synchronousCommit(.full) == "on")
    }

    @Test func processTurnsSynchronousCommitOff() async throws {
        #expect(try await Self.synchronousCommit(.process) == "off")
    }
}
