import Platform
import Synchronization

/// One worker thread's connection and what it knows about reopening it.
final class PostgresWorker: @unchecked Sendable { // Handed to its thread at start; only that thread touches it afterwards.
    private let settings: ConnectionSettings
    private let reachability: Reachability
    private var connection: PostgresConnection?
    /// The last failed reopen: how many in a row, when it failed, when to try again, and what to
    /// answer until then.
    private var failure: (count: Int, failedAt: UInt64, retryAt: UInt64, error: PostgresError)?

    init(settings: ConnectionSettings, reachability: Reachability, connection: PostgresConnection?) {
        self.settings = settings
        self.reachability = reachability
        self.connection = connection
    }

    /// Runs jobs until the queue is closed and empty, then closes the connection.
    func serve(_ queue: JobQueue) {
        while let job = queue.pop() { job(self) }
        connection?.close()
        connection = nil
    }

    func run<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try ready()
        defer { settle(connection) }
        return try body(connection)
    }

    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try transactionOnce(body)
            } catch let error as PostgresError where error.isRetryable && attempt < PostgresClient.maxAttempts {
                // Deadlock victims and serialization failures collide again if they retry in step.
                if !error.isConnectionLoss { DetachedThread.sleep(milliseconds: Int.random(in: 1...(10 << attempt))) }
                attempt += 1
            } catch let uncertain as CommitUncertain {
                throw uncertain.error
            }
        }
    }

    /// A COMMIT whose answer never came: it may or may not have committed, so it is not retried.
    private struct CommitUncertain: Error { let error: PostgresError }

    private func transactionOnce<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try ready()
        defer { settle(connection) }
        try connection.query("BEGIN")
        let value = try body(connection)
        if connection.isInFailedTransaction {
            // COMMIT would answer ROLLBACK without an error: a statement failed and the body went on.
            throw PostgresError.server(sqlState: "25P02", message: "a statement of the transaction failed; it was rolled back",
                                       detail: nil)
        }
        do {
            try connection.query("COMMIT")
        } catch where error.isConnectionLoss {
            throw CommitUncertain(error: error)
        }
        return value
    }

    /// A connection that works: the current one if it is still alive, else a new one (unless a
    /// reopen failed recently: then that failure, until its backoff passes).
    private func ready() throws(PostgresError) -> PostgresConnection {
        if let connection {
            if connection.checkAlive() { return connection }
            connection.close()
            self.connection = nil
        }
        let now = MonotonicClock.now()
        // Until the backoff passes, unless another worker has reached the server since.
        if let failure, now < failure.retryAt, reachability.lastOpened < failure.failedAt { throw failure.error }
        do {
            let opened = try settings.open()
            connection = opened
            failure = nil
            reachability.opened(at: MonotonicClock.now())
            return opened
        } catch {
            let count = (failure?.count ?? 0) + 1
            let delayMs = min(100 << min(count - 1, 6), 5_000)
            failure = (count, now, now + MonotonicClock.nanoseconds(milliseconds: delayMs), error)
            throw error
        }
    }

    /// After a job: a broken connection is dropped, a transaction left open is rolled back.
    private func settle(_ used: PostgresConnection) {
        if !used.isBroken, used.isInTransaction { _ = try? used.query("ROLLBACK") }
        if used.isBroken {
            used.close()
            if connection === used { connection = nil }
        }
    }
}

/// When any worker of a client last opened a connection: a worker waiting out its backoff tries
/// again at once when another has reached the server since its own attempt failed, so a server
/// that is back serves every worker at once, not each after its own pause.
final class Reachability: Sendable {
    private let last = Atomic<UInt64>(0)
    var lastOpened: UInt64 { last.load(ordering: .relaxed) }
    func opened(at time: UInt64) { last.store(time, ordering: .relaxed) }
}
