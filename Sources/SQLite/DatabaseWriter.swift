import Dispatch
import Platform
import Synchronization

/// The one writer of a database. It owns a connection on a dedicated thread and commits concurrent
/// `write` calls together (group commit): the thread takes every queued job, runs them in one
/// transaction, each in its own savepoint, commits once, and only then answers each caller.
/// After a failed batch the next one simply tries again, so the writer recovers by itself once
/// the fault (a full disk, a lock held elsewhere) is gone.
public final class DatabaseWriter: Sendable {
    public struct Options: Sendable {
        /// How long BEGIN waits for a lock held by another process before failing with SQLITE_BUSY.
        public var busyTimeoutMs: Int32
        public var synchronous: Synchronous
        /// The most jobs committed in one transaction.
        public var maxBatchSize: Int

        public init(busyTimeoutMs: Int32 = 5000, synchronous: Synchronous = .normal, maxBatchSize: Int = 512) {
            self.busyTimeoutMs = busyTimeoutMs
            self.synchronous = synchronous
            self.maxBatchSize = maxBatchSize
        }
    }

    /// Counters for metrics and tests.
    public struct Stats: Sendable, Equatable {
        /// Batches taken (committed or not), jobs taken, batches that did not commit.
        public var batches = 0, jobs = 0, failedBatches = 0
        /// Jobs waiting for the next batch.
        public var queued = 0
        /// Checkpoints taken beside the writer, on the checkpoint thread (`Checkpointer`), and
        /// those of them that failed.
        public var checkpoints = 0, failedCheckpoints = 0
    }

    public let path: String
    private let queue: WriteQueue

    /// Opens (creating it if needed) and migrates the database on the writer thread before
    /// returning; any failure is thrown here (`DatabaseError.cannotOpen`, `.schemaTooNew`, …).
    public init(path: String, migrations: [Migration] = [], options: Options = Options()) throws {
        self.path = path
        let queue = WriteQueue(path: path, maxBatchSize: options.maxBatchSize)
        self.queue = queue
        let startup = ThreadStartup()
        // SQLite calls block: the writer gets a thread of its own, not a slot in the cooperative
        // pool, and so do its checkpoints. Starting them fails only when the system is out of threads.
        try DetachedThread.start(name: "sqlite-writer") {
            let connection: Connection
            let checkpointer: Checkpointer
            do {
                connection = try Connection(
                    path: path, busyTimeoutMs: options.busyTimeoutMs, synchronous: options.synchronous)
                try connection.migrate(migrations)
                checkpointer = try Checkpointer(path: path, busyTimeoutMs: options.busyTimeoutMs,
                                                synchronous: options.synchronous)
            } catch {
                startup.finish(.failure(error))
                return
            }
            startup.finish(.success(()))
            queue.serve(connection, checkpointer: checkpointer)
        }
        try startup.wait().get()
    }

    deinit { queue.close(nil) }

    /// Runs `work` in the next batch and returns its result once that batch is committed. If `work`
    /// throws, its changes are undone and the error is rethrown; other jobs are unaffected. If the
    /// batch fails to commit, the commit's error is thrown and nothing of `work` remains.
    public func write<T: Sendable>(_ work: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.submit(WriteJob(work, continuation))
        }
    }

    /// Finishes the queued jobs, then closes the connection. Later writes throw `DatabaseError.closed`.
    public func close() async {
        await withCheckedContinuation { continuation in
            queue.close(continuation)
        }
    }

    /// True once `close()` was called.
    public var isClosed: Bool { queue.state.withLock { $0.closing } }

    public var stats: Stats {
        queue.state.withLock { state in
            var stats = state.stats
            stats.queued = state.jobs.count
            if let checkpoints = state.checkpointer?.stats {
                stats.checkpoints = checkpoints.checkpoints
                stats.failedCheckpoints = checkpoints.failed
            }
            return stats
        }
    }
}
