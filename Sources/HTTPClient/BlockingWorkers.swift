import Dispatch
import Platform
import Synchronization

/// A few threads of our own for blocking socket work, started on demand up to `maxThreads`
/// and ended after `idleSeconds` without a job: a request blocks in `poll` there, never on a
/// thread of the Swift cooperative pool or of Dispatch's (which grows by guesswork when its
/// threads block). A burst of sends starts threads; a quiet minute gives them back.
final class BlockingWorkers: Sendable {
    private struct State {
        /// Jobs not yet claimed are `jobs[next...]`.
        var jobs: [@Sendable () -> Void] = []
        var next = 0
        var threads = 0
        var busy = 0

        var pending: Int { jobs.count - next }
    }

    private let state = Mutex(State())
    /// Signalled once per job: a worker waits here, then claims one job.
    private let ready = DispatchSemaphore(value: 0)
    private let maxThreads: Int

    private let idleSeconds: Int

    init(maxThreads: Int, idleSeconds: Int = 60) {
        self.maxThreads = max(maxThreads, 1)
        self.idleSeconds = max(idleSeconds, 1)
    }

    /// Worker threads running now.
    var threadCount: Int { state.withLock { $0.threads } }

    /// Runs `job` on a worker thread; jobs beyond the thread limit wait their turn in order.
    func run(_ job: @escaping @Sendable () -> Void) {
        let startThread = state.withLock { state in
            state.jobs.append(job)
            guard state.busy + state.pending > state.threads, state.threads < maxThreads else { return false }
            state.threads += 1
            return true
        }
        if startThread, !startWorker() {
            // No thread could be started (a resource limit): the job waits for a running worker,
            // or, with none at all, runs here rather than never.
            let alone = state.withLock { state in
                state.threads -= 1
                return state.threads == 0
            }
            if alone, let claimed = claim() {
                run(claimed: claimed)
                return
            }
        }
        ready.signal()
    }

    private func claim() -> (@Sendable () -> Void)? {
        state.withLock { Self.claim(&$0) }
    }

    /// Takes the oldest waiting job and counts its worker busy.
    private static func claim(_ state: inout State) -> (@Sendable () -> Void)? {
        guard state.next < state.jobs.count else { return nil }
        let job = state.jobs[state.next]
        state.next += 1
        state.busy += 1
        if state.next >= 64, state.next * 2 >= state.jobs.count {
            state.jobs.removeFirst(state.next)
            state.next = 0
        }
        return job
    }

    private func workerLoop() {
        while true {
            if ready.wait(timeout: .now() + .seconds(idleSeconds)) == .timedOut {
                // Idle: end, unless a job came in as the wait ran out (then take it; its signal
                // stays behind and a later wait returns at once to find nothing, which is fine).
                let job: (@Sendable () -> Void)? = state.withLock { state in
                    guard state.next < state.jobs.count else {
                        state.threads -= 1
                        return nil
                    }
                    return Self.claim(&state)
                }
                guard let job else { return }
                run(claimed: job)
                continue
            }
            guard let job = claim() else { continue }
            run(claimed: job)
        }
    }

    private func run(claimed job: @Sendable () -> Void) {
        job()
        state.withLock { $0.busy -= 1 }
    }

    private func startWorker() -> Bool {
        do {
            try DetachedThread.start(name: "http-client") { [self] in workerLoop() }
            return true
        } catch {
            return false
        }
    }
}
