import Synchronization

/// Wakes a background loop early: `signal()` from anywhere, `wait(upTo:)` in the loop. A signal
/// that comes while nobody waits is kept, so the loop never misses work queued between its
/// passes.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    func signal() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns on a signal, after `seconds`, or when the task is cancelled.
    func wait(upTo seconds: Double) async {
        // A signal already pending returns at once, without the timer task below: under load a
        // loop is signalled between most of its passes.
        let signalled: Bool = state.withLock { state in
            defer { state.pending = false }
            return state.pending
        }
        if signalled { return }
        await withDiscardingTaskGroup { group in
            group.addTask { [self] in
                // Only a sleep that ran out signals: a cancelled one (we were woken otherwise)
                // must not leave a stale signal that makes the next wait return at once.
                guard (try? await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))) != nil else { return }
                signal()
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow: Bool = state.withLock { state in
                        if state.pending {
                            state.pending = false
                            return true
                        }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: { [self] in
                signal()
            }
            group.cancelAll()
        }
        // The timer child may have signalled after we were woken by someone else; that stale
        // signal only costs one extra pass of the loop.
    }
}
