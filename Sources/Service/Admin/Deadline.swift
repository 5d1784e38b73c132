import Synchronization

/// Runs `work` and returns its result, or nil when it has not finished within `seconds`; the
/// work then goes on alone and its result is dropped. For answers that must come promptly
/// (`/health`) from work that cannot be cancelled halfway (a write waiting for a database lock).
func withinDeadline<T: Sendable>(_ seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
    await withCheckedContinuation { continuation in
        let first = FirstAnswer(continuation)
        Task { first.resume(returning: await work()) }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            first.resume(returning: nil)
        }
    }
}

/// A continuation resumed by whichever answer comes first; later ones are dropped.
private final class FirstAnswer<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T?, Never>?>

    init(_ continuation: CheckedContinuation<T?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(returning value: T?) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
