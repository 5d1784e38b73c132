import Dispatch
import Synchronization

/// Jobs waiting for a worker thread, first in first out.
final class JobQueue: Sendable {
    typealias Job = @Sendable (PostgresWorker) -> Void

    private struct State {
        var jobs: [Job] = []
        var head = 0
        var closed = false
    }
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)

    /// Queues `job`; false once the queue is closed.
    func push(_ job: @escaping Job) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closed else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// The next job, waiting for one; nil once the queue is closed and empty.
    func pop() -> Job? {
        available.wait()
        return state.withLock { state in
            guard state.head < state.jobs.count else { return nil }
            let job = state.jobs[state.head]
            state.head += 1
            if state.head > 64, state.head * 2 > state.jobs.count {
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
    }

    /// Refuses new jobs and wakes every worker so each sees the end once the queue is empty.
    func close(workers: Int) {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        for _ in 0..<workers { available.signal() }
    }
}
