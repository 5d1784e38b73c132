import Dispatch
import Platform
import PostgreSQL
import Synchronization
import Testing
import TestSupport

/// The client's promises against a real server: transactions commit or roll back whole, retryable
/// failures run again, a killed connection is reopened, NOTIFY reaches another connection.
@Suite(.postgres) struct PostgresClientTests {
    @Test func aTransactionCommitsOrRollsBackWhole() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let client = try PostgresClient(url: url, connections: 2)
        try await client.run { try $0.execute(script: "CREATE TABLE items (id bigint PRIMARY KEY)") }
        try await client.transaction { connection in
            try connection.query("INSERT INTO items (id) VALUES ($1)", [1])
            try connection.query("INSERT INTO items (id) VALUES ($1)", [2])
        }
        await #expect(throws: PostgresError.self) {
            try await client.transaction { connection in
                try connection.query("INSERT INTO items (id) VALUES ($1)", [3])
                try connection.query("INSERT INTO items (id) VALUES ($1)", [1])
            }
        }
        // A failed statement the body swallowed cannot commit the rest silently.
        let swallowed = await #expect(throws: PostgresError.self) {
            try await client.transaction { connection in
                try connection.query("INSERT INTO items (id) VALUES ($1)", [4])
                _ = try? connection.query("INSERT INTO items (id) VALUES ($1)", [1])
            }
        }
        #expect(swallowed?.sqlState == "25P02")
        #expect(try await client.run { try $0.query("SELECT id FROM items ORDER BY id").map { $0.int(0) } } == [1, 2])
        await client.close()
    }

    @Test func aSerializationFailureIsRetried() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let client = try PostgresClient(url: url, connections: 1)
        try await client.run { try $0.execute(script: "CREATE TABLE items (id bigint PRIMARY KEY)") }
        let attempts = Attempts()
        try await client.transaction { connection in
            let attempt = attempts.next()
            try connection.query("INSERT INTO items (id) VALUES ($1)", [.int(Int64(attempt))])
            if attempt < 3 {
                try connection.execute(script: "DO $$ BEGIN RAISE EXCEPTION 'try again' USING ERRCODE = '40001'; END $$")
            }
        }
        #expect(attempts.count == 3)
        // Only the last attempt's row: the failed ones rolled back.
        #expect(try await client.run { try $0.query("SELECT id FROM items").map { $0.int(0) } } == [3])
        await client.close()
    }

    @Test func aDeadlockVictimIsRetriedAndBothCommit() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let client = try PostgresClient(url: url, connections: 2)
        try await client.run { connection in
            try connection.execute(script: "CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL)")
            try connection.query("INSERT INTO accounts VALUES (1, 100), (2, 100)")
        }
        // Each transaction locks its first row, waits for the other to lock its own, then asks for
        // the other's: a deadlock on the first attempt, which the server breaks by failing one.
        let locked = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let attempts = Attempts()
        async let first: Void = client.transaction { connection in
            let attempt = attempts.next()
            try connection.query("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
            if attempt <= 2 { locked[0].signal(); _ = locked[1].wait(timeout: .now() + 10) }
            try connection.query("UPDATE accounts SET balance = balance + 10 WHERE id = 2")
        }
        async let second: Void = client.transaction { connection in
            let attempt = attempts.next()
            try connection.query("UPDATE accounts SET balance = balance - 5 WHERE id = 2")
            if attempt <= 2 { locked[1].signal(); _ = locked[0].wait(timeout: .now() + 10) }
            try connection.query("UPDATE accounts SET balance = balance + 5 WHERE id = 1")
        }
        try await first
        try await second
        #expect(attempts.count >= 3)
        let balances = try await client.run { try $0.query("SELECT balance FROM accounts ORDER BY id").map { $0.int(0) } }
        #expect(balances == [95, 105])
        await client.close()
    }

    @Test func aKilledConnectionIsReopened() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let client = try PostgresClient(url: url, connections: 1)
        func backend() async throws -> Int {
            try #require(try await client.run { try $0.query("SELECT pg_backend_pid()").first?.int(0) })
        }
        let before = try await backend()
        try terminate(before)
        // The termination notice is read before the next job sends anything, and that job runs on
        // a new connection. (The server drops the backend from pg_stat_activity a moment before
        // it closes the socket: a job in that moment fails, and the one after it reconnects.)
        let after: Int
        do { after = try await backend() } catch { after = try await backend() }
        #expect(after != before)

        // Killed in the middle of a transaction: the transaction runs again on a new connection.
        try await client.run { try $0.execute(script: "CREATE TABLE items (id bigint PRIMARY KEY)") }
        let attempts = Attempts()
        let pids = try await client.transaction { connection -> Int in
            let pid = try connection.query("SELECT pg_backend_pid()").first?.int(0) ?? 0
            if attempts.next() == 1 {
                try terminate(pid)
            }
            try connection.query("INSERT INTO items (id) VALUES ($1)", [.int(Int64(pid))])
            return pid
        }
        #expect(attempts.count == 2)
        #expect(try await client.run { try $0.query("SELECT id FROM items").map { $0.int(0) } } == [pids])
        await client.close()
    }

    @Test func notifyWakesAListenerOnAnotherConnection() throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let listener = try PostgresConnection.connect(url)
        defer { listener.close() }
        let sender = try PostgresConnection.connect(url)
        defer { sender.close() }
        try listener.listen("wxhook wake")
        #expect(try listener.waitForNotifications(timeoutMs: 0).isEmpty)
        try sender.notify("wxhook wake", payload: "outbox 中")
        try sender.notify("another channel", payload: "not for us")
        var received: [PostgresNotification] = []
        for _ in 0..<50 where received.isEmpty {
            received += try listener.waitForNotifications(timeoutMs: 200)
        }
        #expect(received == [PostgresNotification(channel: "wxhook wake", payload: "outbox 中")])

        // Sent inside a transaction: delivered at commit, not before, not after a rollback.
        try sender.query("BEGIN")
        try sender.notify("wxhook wake", payload: "rolled back")
        try sender.query("ROLLBACK")
        try sender.query("BEGIN")
        try sender.notify("wxhook wake", payload: "committed")
        #expect(try listener.waitForNotifications(timeoutMs: 100).isEmpty)
        try sender.query("COMMIT")
        received = []
        for _ in 0..<50 where received.isEmpty {
            received += try listener.waitForNotifications(timeoutMs: 200)
        }
        #expect(received.map(\.payload) == ["committed"])
    }
}

/// Ends the server process behind a connection, and waits until it has gone.
private func terminate(_ pid: Int) throws {
    let admin = try TestPostgres.administrator()
    defer { admin.close() }
    try admin.query("SELECT pg_terminate_backend($1::integer)", [.int(Int64(pid))])
    // pg_terminate_backend only sends the signal.
    for _ in 0..<500 {
        let left = try admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [.int(Int64(pid))])
        if left.first?.int(0) == 0 { return }
        DetachedThread.sleep(milliseconds: 10)
    }
}

/// Counts the runs of a transaction's body, from the worker threads.
final class Attempts: Sendable {
    private let value = Atomic<Int>(0)
    /// This run's number, from 1.
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
    var count: Int { value.load(ordering: .relaxed) }
}
