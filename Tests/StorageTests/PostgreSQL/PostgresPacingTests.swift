import Core
import Delivery
import PostgreSQL
import Storage
import Testing
import TestSupport

/// Pacing shared by the instances: the budget is the account's, whichever instance sends.
@Suite(.postgres) struct PostgresPacingTests {
    static let t0 = StoreFixture.t0

    @Test func twoInstancesShareOneAccountsBudget() async throws {
        let database = try TestPostgres.database()
        defer { database.drop() }
        let a = try PostgresStore.open(url: database.url, dedupeWindow: 300, pacing: 3, connections: 2)
        let b = try PostgresStore.open(url: database.url, dedupeWindow: 300, pacing: 3, connections: 2)
        var messages: [OutboxMessage] = []
        for index in 0..<8 {
            messages.append(try await a.enqueueOne(provider: .botadmin, account: "shop", conversation: "c\(index)",
                                                   now: Self.t0))
        }
        // Both instances start everything they see at once; the account's three go, from either.
        let results = try await withThrowingTaskGroup(of: [Result<OutboxMessage, any Error>].self) { group in
            for (store, half) in [(a, messages.prefix(4)), (b, messages.suffix(4))] {
                group.addTask {
                    try await store.startAttempts(half.map { ($0.id, ["s-\($0.id)"]) }, now: Self.t0 + 1)
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.filter { (try? $0.get()) != nil }.count == 3)
        let refusals = results.compactMap { result -> Double? in
            guard case .failure(OutboxError.paced(_, let until)) = result else { return nil }
            return until
        }
        #expect(refusals.count == 5 && refusals.allSatisfy { $0 == Self.t0 + 61 })
        // Another account has its own budget; this one's is back a minute later.
        let other = try await b.enqueueOne(provider: .botadmin, account: "home", conversation: "x", now: Self.t0)
        _ = try await b.startAttempt(messageID: other.id, apiSendIDs: ["s-other"], now: Self.t0 + 2)
        let waiting = messages.filter { message in results.contains { (try? $0.get())?.id == message.id } == false }
        await #expect(throws: OutboxError.paced(messageID: waiting[0].id, until: Self.t0 + 61)) {
            try await a.startAttempt(messageID: waiting[0].id, apiSendIDs: ["s-early"], now: Self.t0 + 60)
        }
        _ = try await a.startAttempt(messageID: waiting[0].id, apiSendIDs: ["s-later"], now: Self.t0 + 61)
        await a.close()
        await b.close()
    }
}
