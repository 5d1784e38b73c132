import Dispatch
import Synchronization

/// The jobs waiting for the writer thread, and the thread's loop. Shared by `DatabaseWriter` (which
/// submits) and its thread (which drains): the thread holds this, not the writer, so a writer
/// dropped without `close()` still lets its thread finish and exit.
final class WriteQueue: Sendable {
    struct State {
        var jobs: [WriteJob] = []
        /// The thread is (about to be) waiting on `wake`; whoever sets this back to false signals it.
        var sleeping = false
        var closing = false
        var finished = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
        var stats = DatabaseWriter.Stats()
        /// Set once the writer thread has opened it, for its stats.
        var checkpointer: Checkpointer?
    }

    let path: String
    let maxBatchSize: Int
    let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(path: String, maxBatchSize: Int) {
        self.path = path
        self.maxBatchSize = max(1, maxBatchSize)
    }

    func submit(_ job: WriteJob) {
        let (accepted, wakeUp) = state.withLock { state -> (Bool, Bool) in
            guard !state.closing else { return (false, false) }
            state.jobs.append(job)
            return (true, state.wakeThread())
        }
        if wakeUp { wake.signal() }
        if !accepted { job.fail(DatabaseError.closed(path: path)) }
    }

    /// Asks the thread to finish the queued jobs and stop; `waiter` (if any) is resumed once the
    /// connection is closed.
    func close(_ waiter: CheckedContinuation<Void, Never>?) {
        let (finished, wakeUp) = state.withLock { state -> (Bool, Bool) in
            if state.finished { return (true, false) }
            state.closing = true
            if let waiter { state.closeWaiters.append(waiter) }
            return (false, state.wakeThread())
        }
        if wakeUp { wake.signal() }
        if finished { waiter?.resume() }
    }

    private enum Step {
        case runBatch, sleep, stop([CheckedContinuation<Void, Never>])
    }

    /// The writer thread's loop: take every queued job (up to the cap), run them as one batch, repeat;
    /// sleep when there is nothing to do; stop once closing and drained. Checkpoints are
    /// `checkpointer`'s, but for the catch-up between two batches once the WAL is long.
    func serve(_ connection: Connection, checkpointer: Checkpointer) {
        state.withLock { $0.checkpointer = checkpointer }
        var walFrames = 0
        connection.reportWALSize { frames in
            walFrames = frames
            checkpointer.walCommitted(frames: frames)
        }
        var batch: [WriteJob] = []
        while true {
            let step = state.withLock { state -> Step in
                if !state.jobs.isEmpty {
                    if state.jobs.count <= maxBatchSize {
                        swap(&batch, &state.jobs)  // two buffers, reused: no allocation per batch
                    } else {
                        batch.append(contentsOf: state.jobs.prefix(maxBatchSize))
                        state.jobs.removeFirst(maxBatchSize)
                    }
                    state.stats.batches += 1
                    state.stats.jobs += batch.count
                    return .runBatch
                }
                if state.closing {
                    state.finished = true
                    defer { state.closeWaiters = [] }
                    return .stop(state.closeWaiters)
                }
                state.sleeping = true
                return .sleep
            }
            switch step {
            case .runBatch:
                runBatch(batch, on: connection)
                batch.removeAll(keepingCapacity: true)
                if walFrames >= Checkpointer.catchUpFrames {
                    // Not done (a reader on older frames, an I/O error): after the next batch.
                    checkpointer.catchUp(connection)
                    walFrames = 0
                }
            case .sleep:
                wake.wait()
            case .stop(let waiters):
                // The writer's connection last, so that closing it still checkpoints and removes the WAL.
                checkpointer.close()
                connection.close()
                for waiter in waiters { waiter.resume() }
                return
            }
        }
    }
}

extension WriteQueue.State {
    /// True when the caller must signal the thread (once per sleep, so the semaphore never piles up).
    mutating func wakeThread() -> Bool {
        guard sleeping else { return false }
        sleeping = false
        return true
    }
}
