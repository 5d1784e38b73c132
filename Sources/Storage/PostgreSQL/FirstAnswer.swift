import Synchronization

/// The answer of a caller's closure from the first run of a transaction body, for the runs after
/// a conflict: the reply planner and the reply limits count what they let through, so they are
/// asked once per call, not once per run.
final class FirstAnswer<Value: Sendable>: Sendable {
    private let answer = Mutex<Value?>(nil)

    func value(_ ask: () throws -> Value) rethrows -> Value {
        if let known = answer.withLock({ $0 }) { return known }
        let value = try ask()
        answer.withLock { $0 = value }
        return value
    }
}
