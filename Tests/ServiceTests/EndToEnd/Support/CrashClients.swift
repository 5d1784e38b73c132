import Foundation
import ServiceHarness
import Synchronization

/// The providers and operators of a crash run: `count` clients posting concurrently (URLSession,
/// through `WebClient`) until the gate closes, and afterwards posting again, like a provider
/// retrying, whatever was never acknowledged.
struct CrashClients: Sendable {
    /// Open while the service is up; closed just before the kill, so no client starts a post
    /// against a dead port (a post already on its way is cut off, as it should be).
    final class Gate: Sendable {
        private let closed = Atomic(false)
        var isOpen: Bool { !closed.load(ordering: .acquiring) }
        func close() { closed.store(true, ordering: .releasing) }
    }

    let count: Int
    let workload: CrashWorkload
    let ledger: RequestLedger
    let api: WebClient

    /// Every client posts its steps of `trial` one after the other until `gate` closes.
    func postUntilClosed(trial: Int, gate: Gate) async {
        await withDiscardingTaskGroup { group in
            for client in 0..<count {
                group.addTask {
                    var step = 0
                    while gate.isOpen {
                        let request = workload.request(trial: trial, client: client, step: step)
                        step += 1
                        await post(request, trial: trial)
                    }
                }
            }
        }
    }

    /// Posts every unacknowledged request again, `count` at a time, each until it is
    /// acknowledged or `tries` are used up (what is left stays unacknowledged).
    func retryUnacknowledged(tries: Int = 40) async {
        let pending = ledger.unacknowledged
        await withDiscardingTaskGroup { group in
            for lane in 0..<count {
                group.addTask {
                    for index in stride(from: lane, to: pending.count, by: count) {
                        for _ in 0..<tries {
                            if await post(pending[index], trial: nil) { break }
                            try? await Task.sleep(for: .milliseconds(100))
                        }
                    }
                }
            }
        }
    }

    /// One post; whether it had its final answer (anything but no answer or a 503).
    @discardableResult
    private func post(_ request: CrashRequest, trial: Int?) async -> Bool {
        if let trial { ledger.posting(request, trial: trial) }
        do {
            let answer = try await api.send("POST", request.path, body: request.body, headers: request.headers)
            ledger.answered(request, answer)
            return answer.status != 503
        } catch {
            ledger.cutOff(request)
            return false
        }
    }
}
