import Glibc

/// One throwing wrapper per socket system call, so errno is read right after the call that set
/// it and every failure names its call. Would-block is an answer, not an error; EINTR is retried.
public enum Syscall {
    public enum Transfer: Equatable, Sendable {
        case bytes(Int)
        case wouldBlock
        /// Read: the peer closed its side.
        case endOfFile
    }

    /// A non-blocking, close-on-exec TCP socket for `family` (`SocketAddress.family`).
    public static func socket(family: Int32) throws(SystemError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | LinuxFunctions.nonBlocking | LinuxFunctions.closeOnExec
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SystemError.last("socket") }
        return fd
    }

    public static func enable(_ option: SocketOption, on fd: Int32) throws(SystemError) {
        var one: Int32 = 1
        let (level, name, label) = switch option {
        case .reuseAddress: (SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR")
        case .noDelay: (Int32(IPPROTO_TCP), TCP_NODELAY, "TCP_NODELAY")
        }
        guard setsockopt(fd, level, name, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SystemError.last("setsockopt", label)
        }
    }

    public static func bind(_ fd: Int32, _ address: SocketAddress) throws(SystemError) {
        let result = address.withSockaddr { Glibc.bind(fd, $0, $1) }
        guard result == 0 else {
            var error = SystemError.last("bind", address.description)
            if error.isAddressInUse {
                error = SystemError("bind", errno: error.errno, detail: address.description,
                                    hint: "another process is listening there; choose another port")
            }
            throw error
        }
    }

    public static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw SystemError.last("listen") }
    }

    public static func localAddress(_ fd: Int32) throws(SystemError) -> SocketAddress {
        var address = SocketAddress()
        let result = address.withMutableSockaddr { getsockname(fd, $0, $1) }
        guard result == 0 else { throw SystemError.last("getsockname") }
        return address
    }

    /// A new non-blocking, close-on-exec connection and its peer; nil when none is waiting.
    public static func accept(_ fd: Int32) throws(SystemError) -> (Int32, SocketAddress)? {
        let functions = try LinuxFunctions.shared.get()
        var address = SocketAddress()
        while true {
            let client = address.withMutableSockaddr {
                functions.accept4(fd, $0, $1, LinuxFunctions.nonBlocking | LinuxFunctions.closeOnExec)
            }
            if client >= 0 { return (client, address) }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return nil
            case EINTR, ECONNABORTED, EPROTO: continue   // that client gave up; try the next
            default: throw SystemError.last("accept4")
            }
        }
    }

    /// Starts connecting a non-blocking socket: true when connected at once, false when the
    /// connection is in progress (wait until writable, then ask `pendingError`).
    public static func connect(_ fd: Int32, _ address: SocketAddress) throws(SystemError) -> Bool {
        if address.withSockaddr({ Glibc.connect(fd, $0, $1) }) == 0 { return true }
        // After EINTR the connection goes on in the background too (POSIX).
        guard errno == EINPROGRESS || errno == EINTR else { throw SystemError.last("connect", address.description) }
        return false
    }

    /// The outcome of a connection started by `connect` (SO_ERROR), thrown if it failed.
    public static func checkConnected(_ fd: Int32) throws(SystemError) {
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 else {
            throw SystemError.last("getsockopt", "SO_ERROR")
        }
        guard failure == 0 else { throw SystemError("connect", errno: failure) }
    }

    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Transfer {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SystemError.last("read", "fd \(fd)")
            }
        }
    }

    /// `send` with MSG_NOSIGNAL: a peer that went away is an error here, never a SIGPIPE.
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Transfer {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .bytes(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SystemError.last("send", "fd \(fd)")
            }
        }
    }

    /// `write` for descriptors that are not sockets (a log file, a pipe, a terminal); a blocking
    /// descriptor writes at least one byte per call.
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Transfer {
        while true {
            let count = Glibc.write(fd, bytes.baseAddress, bytes.count)
            if count >= 0 { return .bytes(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SystemError.last("write", "fd \(fd)")
            }
        }
    }

    public static func shutdown(_ fd: Int32, _ direction: ShutdownDirection) throws(SystemError) {
        let how = switch direction {
        case .write: Int32(SHUT_WR)
        case .both: Int32(SHUT_RDWR)
        }
        guard Glibc.shutdown(fd, how) == 0 else { throw SystemError.last("shutdown", "fd \(fd)") }
    }

    public static func close(_ fd: Int32) {
        // The descriptor is gone even when close reports an error (Linux), so there is nothing to retry.
        _ = Glibc.close(fd)
    }
}

public enum SocketOption: Sendable {
    /// SO_REUSEADDR: a restarted listener need not wait out TIME_WAIT.
    case reuseAddress
    /// TCP_NODELAY: small writes leave at once instead of waiting for Nagle's algorithm.
    case noDelay
}

public enum ShutdownDirection: Sendable {
    /// SHUT_WR: we send no more (the peer reads end of file); reading goes on.
    case write
    /// SHUT_RDWR: on a listening socket, stop listening.
    case both
}
