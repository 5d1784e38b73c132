import Logging
import Storage
import Synchronization

/// Records the results of attempts in groups: while one group's commit runs, the results that
/// come in meanwhile wait and go together in the next, one writer job for many forwards instead
/// of one each (every ingest waits for that writer too). Each caller gets its forward as
/// recorded, or nil when its result could not be stored (said in the log here).
final class ResultRecorder: Sendable {
    private typealias Waiting = (record: ForwardAttemptRecord, caller: CheckedContinuation<Forward?, Never>)

    private struct State {
        var waiting: [Waiting] = []
        var committing = false
    }

    private let store: any ForwardStore
    private let loop: SendLoop
    private let logger: Logger
    private let state = Mutex(State())

    init(store: any ForwardStore, loop: SendLoop, logger: Logger) {
        self.store = store
        self.loop = loop
        self.logger = logger
    }

    /// Records `record` with the others that come in while a commit runs; returns once it is
    /// committed.
    func record(_ record: ForwardAttemptRecord) async -> Forward? {
        await withCheckedContinuation { caller in
            let first = state.withLock { state in
                state.waiting.append((record, caller))
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            if first { Task { await commitWaiting() } }
        }
    }

    /// Commits what waits, group after group, until nothing does.
    private func commitWaiting() async {
        while true {
            let group: [Waiting] = state.withLock { state in
                defer { state.waiting = [] }
                if state.waiting.isEmpty { state.committing = false }
                return state.waiting
            }
            guard !group.isEmpty else { return }
            // A fault of the whole commit (locked, disk full) is waited out by `commit`.
            let results = await loop.commit("forward results", [("count", String(group.count))]) {
                try await store.recordForwardAttempts(group.map(\.record))
            }
            for (index, waiting) in group.enumerated() {
                let fields = [("forward_id", waiting.record.id)]
                switch results?[index] {
                case .success(let forward):
                    waiting.caller.resume(returning: forward)
                case .failure(let fault as any StorageFault) where fault.isTransient:
                    // Waited out alone, as a result recorded on its own would be.
                    let record = waiting.record
                    let caller = waiting.caller
                    Task {
                        caller.resume(returning: await loop.commit("forward result", fields) {
                            try await store.recordForwardAttempt(record)
                        })
                    }
                case .failure(let error):
                    logger.error("forward result not stored", fields + [("reason", "\(error)")])
                    waiting.caller.resume(returning: nil)
                case nil:
                    waiting.caller.resume(returning: nil)
                }
            }
        }
    }
}
