import Dispatch
import Synchronization

/// A small pool of read-only connections, each on its own serial queue, for reads that run beside
/// the writer (WAL lets them proceed while it writes, each seeing the last committed state).
public final class DatabaseReader: Sendable {
    private let slots: [Slot]

    /// The database must exist already (the writer creates it). `connections` is at least 1.
    public init(path: String, connections: Int = 2, busyTimeoutMs: Int32 = 5000) throws {
        slots = try (0..<max(1, connections)).map { index in
            Slot(
                queue: DispatchQueue(label: "sqlite-reader-\(index)"),
                connection: try Connection(path: path, readOnly: true, busyTimeoutMs: busyTimeoutMs))
        }
    }

    /// Runs `work` on the least busy connection. Several statements that must agree with each
    /// other belong in `connection.transaction(.deferred) { … }` (one snapshot).
    public func read<T: Sendable>(_ work: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let slot = slots.min { $0.pending.load(ordering: .relaxed) < $1.pending.load(ordering: .relaxed) }!
        slot.pending.add(1, ordering: .relaxed)
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async {
                defer { slot.pending.subtract(1, ordering: .relaxed) }
                do {
                    continuation.resume(returning: try work(slot.connection))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    // The connection is only ever used from `queue`, one block at a time, which is what makes it
    // safe to share a non-Sendable connection this way.
    private final class Slot: @unchecked Sendable {
        let queue: DispatchQueue
        let connection: Connection
        let pending = Atomic<Int>(0)

        init(queue: DispatchQueue, connection: Connection) {
            self.queue = queue
            self.connection = connection
        }
    }
}
