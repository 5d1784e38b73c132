import Core
import Synchronization
import Testing
@testable import Storage

/// Group commit's gathering, without a database: what waits while a group commits goes in the
/// next group, each dedupe key once per group, and every request gets its own answer.
@Suite struct PostgresIngestQueueTests {
    static func request(_ key: String, id: String) -> PendingIngest {
        let event = InboundEvent(provider: .botadmin, account: "shop", kind: .message, conversation: "c", text: key,
                                 dedupeKey: DedupeKey(value: key, windowed: false), rawBody: Array(key.utf8))
        return PendingIngest(event: event, id: id, receivedAt: 1, window: 300, replies: nil)
    }

    /// Records every group it is given and holds the first until `release()`.
    final class HeldCommit: Sendable {
        let groups = Mutex<[[String]]>([])
        private let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let released = Mutex(false)

        func commit(_ group: [PendingIngest]) async -> [Result<IngestResult, any Error>] {
            let first = groups.withLock { groups in
                groups.append(group.map(\.id))
                return groups.count == 1
            }
            if first {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let open = released.withLock { $0 }
                    if open { continuation.resume() } else { gate.withLock { $0 = continuation } }
                }
            }
            return group.map { .success(IngestResult(eventID: $0.id, duplicate: false, replied: false)) }
        }

        func release() {
            released.withLock { $0 = true }
            gate.withLock { $0.take() }?.resume()
        }
    }

    @Test func requestsArrivingWhileAGroupCommitsGoTogetherInTheNextEachKeyOnce() async throws {
        let queue = PostgresIngestQueue(maxGroups: 1)
        let held = HeldCommit()
        let commit: PostgresIngestQueue.Commit = { await held.commit($0) }
        try await withThrowingTaskGroup(of: IngestResult.self) { tasks in
            tasks.addTask { try await queue.submit(Self.request("k0", id: "e0"), commit: commit) }
            while held.groups.withLock({ $0.count }) == 0 { await Task.yield() }
            // Nine more while the first group commits; "k1" twice.
            for index in 1...9 {
                let key = index == 9 ? "k1" : "k\(index)"
                tasks.addTask { try await queue.submit(Self.request(key, id: "e\(index)"), commit: commit) }
            }
            while queue.waitingCount < 9 { await Task.yield() }
            held.release()
            let answers = try await tasks.reduce(into: Set<String>()) { $0.insert($1.eventID) }
            #expect(answers == Set((0...9).map { "e\($0)" }))
        }
        let groups = held.groups.withLock { $0 }
        #expect(groups.count == 3)
        #expect(groups.first == ["e0"])
        // The second group holds the eight distinct keys; the second copy of k1 waits for the third.
        #expect(groups.dropFirst().first?.count == 8)
        #expect(groups.last?.count == 1)
        #expect(Set(groups.flatMap { $0 }).count == 10)
    }
}
