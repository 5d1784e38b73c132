import Platform

/// Runs blocking work (waiting for a child process, reading its pipes, blocking socket calls,
/// polling) on a thread of its own. The Swift concurrency pool has one thread per core — two
/// here — and a test that blocks them stalls every other test's server.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        // Small stacks: some tests hold hundreds of these threads at once.
        do throws(SystemError) {
            try DetachedThread.start(name: "off-pool", stackSize: 1 << 20) {
                continuation.resume(with: Result { try body() })
            }
        } catch {
            continuation.resume(throwing: error)
        }
    }
}

/// Runs `body(index)` on `count` threads at once and returns their results in index order.
public func onThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        for index in 0..<count {
            group.addTask { (index, try await offPool { try body(index) }) }
        }
        var results = [T?](repeating: nil, count: count)
        for try await (index, value) in group { results[index] = value }
        return results.map { $0! }
    }
}
