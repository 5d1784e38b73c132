import Glibc

extension Syscall {
    /// What `poll` waits for on one descriptor.
    public struct PollEvents: OptionSet, Sendable {
        public let rawValue: Int16
        public init(rawValue: Int16) { self.rawValue = rawValue }

        public static let readable = PollEvents(rawValue: Int16(POLLIN))
        public static let writable = PollEvents(rawValue: Int16(POLLOUT))
        /// POLLRDHUP: the peer closed its side (a GNU extension, not in the module map).
        public static let peerClosed = PollEvents(rawValue: 0x2000)
    }

    public enum Readiness: Equatable, Sendable {
        case ready
        case timedOut
        /// A signal ended the wait early: wait again with what is left of the deadline.
        case interrupted
    }

    /// Waits up to `timeoutMs` (0: just look) until `fd` is ready for one of `events`.
    public static func poll(_ fd: Int32, for events: PollEvents, timeoutMs: Int32) throws(SystemError) -> Readiness {
        var entry = pollfd(fd: fd, events: events.rawValue, revents: 0)
        let ready = Glibc.poll(&entry, 1, timeoutMs)
        if ready > 0 { return .ready }
        if ready == 0 { return .timedOut }
        guard errno == EINTR else { throw SystemError.last("poll", "fd \(fd)") }
        return .interrupted
    }
}
