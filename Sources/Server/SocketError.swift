import Glibc

/// A failed system call: which one, on what, and the errno with its text, e.g.
/// `bind(127.0.0.1:8080) failed: Address already in use (errno 98)`.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call (`bind`, `listen`, `epoll_ctl`, …).
    public let operation: String
    public let errno: Int32
    /// What the call was about: an address, a descriptor, a hint for the user.
    public let detail: String

    public init(_ operation: String, errno: Int32, detail: String = "") {
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    /// The error of the call that just failed (reads the thread's `errno`).
    static func last(_ operation: String, _ detail: String = "") -> SocketError {
        SocketError(operation, errno: Glibc.errno, detail: detail)
    }

    public var reason: String { String(cString: strerror(errno)) }

    public var description: String {
        let subject = detail.isEmpty ? operation : "\(operation)(\(detail))"
        return "\(subject) failed: \(reason) (errno \(errno))"
    }

    /// The address is taken by another process.
    public var isAddressInUse: Bool { errno == EADDRINUSE }
}
