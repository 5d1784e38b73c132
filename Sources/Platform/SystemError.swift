import Glibc

/// A failed system call: which one, on what, and the errno with its text, e.g.
/// `connect: Connection refused (errno 111)` or
/// `bind 127.0.0.1:8080: Address already in use (errno 98)`. The one error of this module, for
/// the server and the client alike.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The system call (`bind`, `connect`, `epoll_ctl`, …).
    public let call: String
    public let errno: Int32
    /// What the call was about: an address, a descriptor, a thread's name.
    public let detail: String
    /// What the user can do about it, when we know.
    public let hint: String

    public init(_ call: String, errno: Int32, detail: String = "", hint: String = "") {
        self.call = call
        self.errno = errno
        self.detail = detail
        self.hint = hint
    }

    /// The error of the call that just failed (reads the thread's `errno`).
    static func last(_ call: String, _ detail: String = "") -> SystemError {
        SystemError(call, errno: Glibc.errno, detail: detail)
    }

    /// The system's text for the errno, e.g. `Connection refused`.
    public var reason: String { String(cString: strerror(errno)) }

    public var description: String {
        let subject = detail.isEmpty ? call : "\(call) \(detail)"
        let text = "\(subject): \(reason) (errno \(errno))"
        return hint.isEmpty ? text : "\(text); \(hint)"
    }

    /// The address is taken by another process.
    public var isAddressInUse: Bool { errno == EADDRINUSE }
    /// Nobody listens at the address.
    public var isConnectionRefused: Bool { errno == ECONNREFUSED }
    /// The peer went away: reset, or closed while we were writing.
    public var isConnectionLost: Bool { errno == ECONNRESET || errno == EPIPE }
    /// The process or system ran out of descriptors or memory; retrying later may work.
    public var isOutOfResources: Bool { errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM }
    /// The file does not exist.
    public var isNotFound: Bool { errno == ENOENT }
    /// Something exists already where the call would have created it.
    public var alreadyExists: Bool { errno == EEXIST }
}

extension SystemError {
    /// Errno values for errors raised by our code rather than returned by a call.
    public enum Code {
        /// EALREADY: something was started twice.
        public static let alreadyInProgress: Int32 = EALREADY
    }
}
