import Foundation

/// Runs blocking work (waiting for a child process, reading its pipes, sleeping in a poll loop)
/// on a thread of its own. The Swift concurrency pool has one thread per core — two here — and a
/// test that blocks them stalls every other test's server.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
