import Dispatch
import Platform
import Synchronization

/// Copies the write-ahead log back into the database file on a thread and a connection of its
/// own. Left to SQLite, that copy — and the fsync of the database file that ends it — runs
/// inside the COMMIT that crosses 1,000 frames, and every caller of that batch and of the
/// batches queued behind it waits for it. Here the writer only reports the WAL's size after each
/// commit (`walCommitted`, from `Connection.reportWALSize`); past `passiveFrames` this thread
/// copies what is committed, beside the writer's next batches.
///
/// A checkpoint beside a writer that never pauses never quite catches up with it, and the WAL
/// starts over from its beginning only once every frame in it is copied: so past `catchUpFrames`
/// the writer copies the rest itself, between two batches (`catchUp`, from `WriteQueue.serve`) —
/// only what this thread has not copied yet — and its next batch starts the WAL again.
final class Checkpointer: Sendable {
    /// The WAL's size, in frames (pages), at which this thread starts copying.
    static let passiveFrames = 1_000
    /// The WAL's size at which the writer copies what is left between two batches.
    static let catchUpFrames = 4_000

    private struct State {
        /// The writer reported a WAL past `passiveFrames` since the last checkpoint began.
        var requested = false
        /// The thread is (about to be) waiting on `wake`; whoever sets this back to false signals it.
        var sleeping = false
        var closing = false
        var stats = Stats()
    }

    struct Stats: Equatable {
        /// Checkpoints taken by this thread; those that failed (an I/O error: the writer's
        /// catch-up copies what they could not).
        var checkpoints = 0, failed = 0
    }

    private let state = Mutex(State())
    /// Held for each checkpoint, here and in `catchUp`: SQLite refuses a checkpoint while another
    /// runs (without waiting, whatever the busy timeout), so the writer's catch-up waits for the
    /// pass in progress here rather than being refused by it again and again.
    private let pass = Mutex(())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Opens the thread's connection to the database at `path` (which exists) on the new thread
    /// and returns once it is open; a failure to open is thrown here.
    init(path: String, busyTimeoutMs: Int32, synchronous: Synchronous) throws {
        let startup = ThreadStartup()
        try DetachedThread.start(name: "sqlite-checkpoint") { [self] in
            let connection: Connection
            do {
                connection = try Connection(path: path, busyTimeoutMs: busyTimeoutMs, synchronous: synchronous)
            } catch {
                startup.finish(.failure(error))
                return
            }
            startup.finish(.success(()))
            serve(connection)
        }
        try startup.wait().get()
    }

    var stats: Stats { state.withLock { $0.stats } }

    /// Called on the writer's thread after each commit with the WAL's size in frames.
    func walCommitted(frames: Int) {
        guard frames >= Self.passiveFrames else { return }
        let wakeUp = state.withLock { state -> Bool in
            state.requested = true
            guard state.sleeping else { return false }
            state.sleeping = false
            return true
        }
        if wakeUp { wake.signal() }
    }

    /// On the writer's thread, between two batches: copies what this thread has not copied yet,
    /// once the pass in progress here (if any) is over. Whether the WAL is now copied whole, so
    /// that the next batch starts it over (not when a reader still reads older frames, or on an
    /// I/O error: the next catch-up tries again).
    @discardableResult
    func catchUp(_ writer: Connection) -> Bool {
        pass.withLock { _ in (try? writer.checkpoint(.passive))??.isComplete ?? false }
    }

    /// Stops the thread and closes its connection; returns once it is closed.
    func close() {
        let wakeUp = state.withLock { state -> Bool in
            state.closing = true
            guard state.sleeping else { return false }
            state.sleeping = false
            return true
        }
        if wakeUp { wake.signal() }
        stopped.wait()
    }

    private func serve(_ connection: Connection) {
        while true {
            let work = state.withLock { state -> Bool? in
                if state.closing { return nil }
                if state.requested {
                    state.requested = false
                    return true
                }
                state.sleeping = true
                return false
            }
            switch work {
            case nil:
                connection.close()
                stopped.signal()
                return
            case true?:
                // Passive: it never waits for the writer or a reader, so it never stalls them.
                let failed = pass.withLock { _ in
                    do {
                        try connection.checkpoint(.passive)
                        return false
                    } catch {
                        return true
                    }
                }
                state.withLock { state in
                    state.stats.checkpoints += 1
                    if failed { state.stats.failed += 1 }
                }
            case false?:
                wake.wait()
            }
        }
    }
}

/// The outcome of opening a thread's connection, handed from that thread to the one waiting.
final class ThreadStartup: Sendable {
    private let result = Mutex<Result<Void, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(_ outcome: Result<Void, any Error>) {
        result.withLock { $0 = outcome }
        done.signal()
    }

    func wait() -> Result<Void, any Error> {
        done.wait()
        return result.withLock { $0 } ?? .success(())
    }
}
