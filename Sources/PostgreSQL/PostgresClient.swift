import Dispatch
import Platform

/// A fixed set of worker threads, each owning one connection, that run blocking libpq work for
/// async callers: a caller never blocks a thread of the cooperative pool. A lost connection is
/// reopened by the next job (after a failed reopen, jobs fail at once until a backoff passes, so an
/// outage answers quickly instead of queueing). `transaction` runs its body again on a retryable
/// error (serialization failure, deadlock, statement timeout, connection lost before COMMIT was
/// sent), up to `maxAttempts` times in all.
public final class PostgresClient: Sendable {
    public let url: PostgresURL
    /// How many times `transaction` runs a body that keeps failing with a retryable error.
    public static let maxAttempts = 5
    private let queue: JobQueue
    private let workers: Int
    private let finished = DispatchGroup()

    /// Opens the first connection at once, so a wrong URL, password or host fails here; the
    /// others open on their first job. Every connection runs with `statement_timeout` set to
    /// `statementTimeoutMs` (0: none), and with `synchronous_commit = off` when
    /// `synchronousCommit` is false (set once per connection, not once per transaction).
    public init(url: PostgresURL, connections: Int, statementTimeoutMs: Int = 10_000,
                synchronousCommit: Bool = true) throws(PostgresError) {
        let settings = ConnectionSettings(url: url, statementTimeoutMs: statementTimeoutMs,
                                          synchronousCommit: synchronousCommit)
        let first = try settings.open()
        self.url = url
        queue = JobQueue()
        workers = max(1, connections)
        let reachability = Reachability()
        for index in 0..<workers {
            let worker = PostgresWorker(settings: settings, reachability: reachability, connection: index == 0 ? first : nil)
            finished.enter()
            do {
                try DetachedThread.start(name: "postgres-\(index)") { [queue, finished] in
                    worker.serve(queue)
                    finished.leave()
                }
            } catch {
                finished.leave()
                queue.close(workers: workers)
                throw .connect(url: url.description, reason: error.description)
            }
        }
    }

    deinit { queue.close(workers: workers) }

    /// Runs `body` on a connection of its own (outside a transaction: each statement commits by
    /// itself). Not retried: a lost connection throws, and the next job reopens it.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await submit { worker in try worker.run(body) }
    }

    /// Runs `body` between BEGIN and COMMIT, again from the start on a retryable error (the body
    /// must have no effects outside the database, or tolerate repeating them). A connection lost
    /// while COMMIT was under way is not retried: whether it committed is unknown.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await submit { worker in try worker.transaction(body) }
    }

    /// Finishes the jobs already queued, closes every connection and ends the threads.
    public func close() async {
        queue.close(workers: workers)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            finished.notify(queue: .global()) { done.resume() }
        }
    }

    private func submit<T: Sendable>(_ work: @escaping @Sendable (PostgresWorker) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = queue.push { worker in continuation.resume(with: Result { try work(worker) }) }
            if !accepted { continuation.resume(throwing: PostgresError.connectionLost("the database client is closed")) }
        }
    }
}

/// How a worker opens its connection.
struct ConnectionSettings: Sendable {
    let url: PostgresURL
    let statementTimeoutMs: Int
    /// false: `synchronous_commit = off` (the server's own setting otherwise).
    let synchronousCommit: Bool
    let connectTimeoutS = 5

    func open() throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection.connect(url, timeoutS: connectTimeoutS)
        try connection.query("SET statement_timeout = \(max(0, statementTimeoutMs))")
        if !synchronousCommit { try connection.query("SET synchronous_commit = off") }
        return connection
    }
}
