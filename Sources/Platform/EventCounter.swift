import Glibc

/// An eventfd: a counter in the kernel that an epoll loop can wait on, so other threads can
/// wake it. The owner closes it.
public struct EventCounter: Sendable {
    public let fd: Int32

    /// Non-blocking and close-on-exec, starting at zero.
    public init() throws(SystemError) {
        let functions = try LinuxFunctions.shared.get()
        let fd = functions.eventfd(0, LinuxFunctions.nonBlocking | LinuxFunctions.closeOnExec)
        guard fd >= 0 else { throw SystemError.last("eventfd") }
        self.fd = fd
    }

    /// Makes the counter readable (wakes a waiting loop).
    public func signal() {
        var one: UInt64 = 1
        // Fails only if the counter is near overflow, i.e. the waiter is certainly awake.
        _ = Glibc.write(fd, &one, 8)
    }

    /// Back to zero, after it woke the loop.
    public func reset() {
        var counter: UInt64 = 0
        _ = Glibc.read(fd, &counter, 8)
    }

    public func close() {
        _ = Glibc.close(fd)
    }
}
