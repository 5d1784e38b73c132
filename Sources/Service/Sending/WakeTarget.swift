import Synchronization

/// A wake-up whose target exists only later: two loops that wake each other (the dispatcher and
/// the forwarder) are built one after the other, and the first is handed this.
final class WakeTarget: Sendable {
    private let target = Mutex<(@Sendable () -> Void)?>(nil)

    func set(_ wake: @escaping @Sendable () -> Void) { target.withLock { $0 = wake } }

    /// Does nothing until `set`.
    func wake() { target.withLock { $0 }?() }
}
