import Glibc

/// An epoll instance. Every registration carries the descriptor itself as its data, so an event
/// says directly which socket it is about.
public struct Epoll: Sendable {
    public let fd: Int32
    private let functions: LinuxFunctions

    // Event bits from <sys/epoll.h> (identical on every Linux architecture).
    public static let readable: UInt32 = 0x001
    public static let writable: UInt32 = 0x004
    public static let error: UInt32 = 0x008
    public static let hangUp: UInt32 = 0x010
    /// EPOLLEXCLUSIVE: of the instances waiting on one descriptor, an event wakes one.
    public static let exclusive: UInt32 = 1 << 28

    /// `struct epoll_event` is packed on x86_64 (12 bytes) and naturally aligned elsewhere (16).
    #if arch(x86_64)
    public static let eventSize = 12
    static let dataOffset = 4
    #else
    public static let eventSize = 16
    static let dataOffset = 8
    #endif

    public init() throws(SystemError) {
        functions = try LinuxFunctions.shared.get()
        let fd = functions.epollCreate1(LinuxFunctions.closeOnExec)
        guard fd >= 0 else { throw SystemError.last("epoll_create1") }
        self.fd = fd
    }

    public func add(_ target: Int32, events: UInt32) throws(SystemError) {
        try control(LinuxFunctions.epollCtlAdd, target, events)
    }

    public func modify(_ target: Int32, events: UInt32) throws(SystemError) {
        try control(LinuxFunctions.epollCtlMod, target, events)
    }

    public func remove(_ target: Int32) throws(SystemError) {
        try control(LinuxFunctions.epollCtlDel, target, 0)
    }

    private func control(_ operation: Int32, _ target: Int32, _ events: UInt32) throws(SystemError) {
        var event: (UInt64, UInt64) = (0, 0)
        let result = withUnsafeMutableBytes(of: &event) { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt64(UInt32(bitPattern: target)), toByteOffset: Epoll.dataOffset, as: UInt64.self)
            return functions.epollCtl(fd, operation, target, raw.baseAddress)
        }
        guard result == 0 else { throw SystemError.last("epoll_ctl", "fd \(target)") }
    }

    /// Waits for events into `events` (room for `capacity` of them, `eventSize` bytes each);
    /// EINTR counts as no events.
    public func wait(into events: UnsafeMutableRawPointer, capacity: Int, timeoutMs: Int32) throws(SystemError) -> Int {
        let count = functions.epollWait(fd, events, Int32(capacity), timeoutMs)
        if count < 0 {
            if errno == EINTR { return 0 }
            throw SystemError.last("epoll_wait")
        }
        return Int(count)
    }

    /// The descriptor and event mask of the `index`th event written by `wait`.
    public static func event(_ index: Int, in events: UnsafeMutableRawPointer) -> (fd: Int32, mask: UInt32) {
        let base = index * eventSize
        let mask = events.loadUnaligned(fromByteOffset: base, as: UInt32.self)
        let data = events.loadUnaligned(fromByteOffset: base + dataOffset, as: UInt64.self)
        return (Int32(truncatingIfNeeded: data), mask)
    }

    public func close() {
        _ = Glibc.close(fd)
    }
}
