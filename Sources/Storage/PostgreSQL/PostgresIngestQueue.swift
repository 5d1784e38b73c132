import Core
import Synchronization

/// One ingest waiting for its group's commit.
struct PendingIngest: Sendable {
    let event: InboundEvent
    let id: String
    let receivedAt: Double
    /// `Ingest.key(of:window:)`: nil for an event no key is kept for.
    let key: String?
    let replies: ReplyPlanner?

    init(event: InboundEvent, id: String, receivedAt: Double, window: Double, replies: ReplyPlanner?) {
        self.event = event
        self.id = id
        self.receivedAt = receivedAt
        self.key = Ingest.key(of: event, window: window)
        self.replies = replies
    }
}

/// Group commit for ingest: requests that arrive while a group commits wait and go together in
/// the next group, one transaction for all of them, so a burst costs a few commits (and a few
/// WAL flushes) instead of one per request. Each request is answered only once its group's
/// COMMIT has returned. At most `maxGroups` groups are in flight; a group holds each dedupe key
/// once (a second copy goes in a later group, which finds the first stored).
final class PostgresIngestQueue: Sendable {
    typealias Commit = @Sendable ([PendingIngest]) async -> [Result<IngestResult, any Error>]

    struct Waiting {
        let request: PendingIngest
        let answer: CheckedContinuation<IngestResult, any Error>
    }

    struct State {
        var waiting: [Waiting] = []
        /// Groups being committed now.
        var groups = 0
    }

    private let state = Mutex(State())
    let maxGroups: Int
    let maxGroupSize: Int

    init(maxGroups: Int, maxGroupSize: Int = 256) {
        self.maxGroups = max(1, maxGroups)
        self.maxGroupSize = max(1, maxGroupSize)
    }

    /// How many requests wait for a group to take them.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Queues `request` and returns its answer once its group is committed (or failed), `commit`
    /// storing a group and answering each of its requests in order.
    func submit(_ request: PendingIngest, commit: @escaping Commit) async throws -> IngestResult {
        try await withCheckedThrowingContinuation { answer in
            let group = state.withLock { state -> [Waiting]? in
                state.waiting.append(Waiting(request: request, answer: answer))
                guard state.groups < maxGroups else { return nil }
                state.groups += 1
                return state.nextGroup(limit: maxGroupSize)
            }
            if let group { run(group, commit) }
        }
    }

    /// Commits `first`, then whatever gathered meanwhile, until nothing waits.
    private func run(_ first: [Waiting], _ commit: @escaping Commit) {
        Task {
            var group = first
            while true {
                let results = await commit(group.map(\.request))
                for (waiting, result) in zip(group, results) { waiting.answer.resume(with: result) }
                let next = self.state.withLock { state -> [Waiting]? in
                    guard !state.waiting.isEmpty else {
                        state.groups -= 1
                        return nil
                    }
                    return state.nextGroup(limit: self.maxGroupSize)
                }
                guard let next else { return }
                group = next
            }
        }
    }
}

extension PostgresIngestQueue.State {
    /// Takes the longest-waiting requests, up to `limit`, each key once; the rest keep their order.
    mutating func nextGroup(limit: Int) -> [PostgresIngestQueue.Waiting] {
        var group: [PostgresIngestQueue.Waiting] = []
        var keys = Set<String>()
        var left: [PostgresIngestQueue.Waiting] = []
        for waiting in waiting {
            if group.count < limit, waiting.request.key.map({ keys.insert($0).inserted }) ?? true {
                group.append(waiting)
            } else {
                left.append(waiting)
            }
        }
        waiting = left
        return group
    }
}
