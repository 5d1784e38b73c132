import Glibc

/// One throwing wrapper per socket system call, so errno is read right after the call that set
/// it and every failure names its call. Would-block is an answer, not an error.
enum Syscall {
    enum Transfer: Equatable {
        case bytes(Int)
        case wouldBlock
        /// Read: the peer closed its side.
        case endOfFile
    }

    static func socket(family: Int32) throws(SocketError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | LinuxFunctions.nonBlocking | LinuxFunctions.closeOnExec
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SocketError.last("socket") }
        return fd
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, _ value: Int32,
                          _ label: String) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError.last("setsockopt", label)
        }
    }

    static func bind(_ fd: Int32, _ address: SocketAddress) throws(SocketError) {
        let result = address.withSockaddr { Glibc.bind(fd, $0, $1) }
        guard result == 0 else {
            var error = SocketError.last("bind", address.description)
            if error.errno == EADDRINUSE {
                error = SocketError("bind", errno: EADDRINUSE,
                                    detail: "\(address): another process is listening there; choose another port")
            }
            throw error
        }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(SocketError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw SocketError.last("listen") }
    }

    static func localAddress(_ fd: Int32) throws(SocketError) -> SocketAddress {
        var address = SocketAddress()
        let result = address.withMutableSockaddr { getsockname(fd, $0, $1) }
        guard result == 0 else { throw SocketError.last("getsockname") }
        return address
    }

    /// A new non-blocking, close-on-exec connection and its peer; nil when none is waiting.
    static func accept(_ fd: Int32, using functions: LinuxFunctions) throws(SocketError) -> (Int32, SocketAddress)? {
        var address = SocketAddress()
        while true {
            let client = address.withMutableSockaddr {
                functions.accept4(fd, $0, $1, LinuxFunctions.nonBlocking | LinuxFunctions.closeOnExec)
            }
            if client >= 0 { return (client, address) }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return nil
            case EINTR, ECONNABORTED, EPROTO: continue   // that client gave up; try the next
            default: throw SocketError.last("accept4")
            }
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Transfer {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SocketError.last("read", "fd \(fd)")
            }
        }
    }

    /// `send` with MSG_NOSIGNAL: a peer that went away is an error here, never a SIGPIPE.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Transfer {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .bytes(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SocketError.last("send", "fd \(fd)")
            }
        }
    }

    static func shutdown(_ fd: Int32, _ how: Int32) throws(SocketError) {
        guard Glibc.shutdown(fd, how) == 0 else { throw SocketError.last("shutdown", "fd \(fd)") }
    }

    static func close(_ fd: Int32) {
        // The descriptor is gone even when close reports an error (Linux), so there is nothing to retry.
        _ = Glibc.close(fd)
    }

    static func eventFD() throws(SocketError) -> Int32 {
        let functions = try LinuxFunctions.shared.get()
        let fd = functions.eventfd(0, LinuxFunctions.nonBlocking | LinuxFunctions.closeOnExec)
        guard fd >= 0 else { throw SocketError.last("eventfd") }
        return fd
    }
}
