import Glibc
import HTTP

/// One TCP connection to a server, non-blocking, driven by `poll` with the exchange's deadline.
/// A value holding a descriptor: exactly one exchange owns it at a time (the pool hands it over
/// under its lock), and whoever owns it last closes it.
struct ClientConnection: Sendable {
    let fd: Int32
    /// Set once the connection has carried an answer and was put back in the pool.
    var reused = false
    /// When it went idle (monotonic ns), to retire connections the server may be about to close.
    var idleSince: UInt64 = 0

    private static let pollReadHangUp: Int16 = 0x2000   // POLLRDHUP (a GNU extension, not in the module map)

    /// Resolves `host` and connects to the first address that accepts, within the deadline.
    static func open(host: String, port: UInt16, deadline: Deadline, timeoutMs: Int) throws(ClientError) -> ClientConnection {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        // getaddrinfo blocks without a deadline of its own (resolv.conf's timeout bounds it); an
        // address literal or /etc/hosts name resolves at once.
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .hostNotFound
        }
        defer { freeaddrinfo(list) }
        var lastError = ClientError.connectionRefused
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            do {
                return try connect(address.pointee, deadline: deadline, timeoutMs: timeoutMs)
            } catch {
                if case .timedOut = error { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ address: addrinfo, deadline: Deadline, timeoutMs: Int) throws(ClientError) -> ClientConnection {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(address.ai_family, type, address.ai_protocol)
        guard fd >= 0 else { throw .socket(call: "socket", errno: errno) }
        let connection = ClientConnection(fd: fd)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                connection.close()
                throw code == ECONNREFUSED ? .connectionRefused : .socket(call: "connect", errno: code)
            }
            do {
                try connection.wait(for: Int16(POLLOUT), deadline: deadline, timeoutMs: timeoutMs)
            } catch {
                connection.close()
                throw error
            }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            guard failure == 0 else {
                connection.close()
                throw failure == ECONNREFUSED ? .connectionRefused : .socket(call: "connect", errno: failure)
            }
        }
        return connection
    }

    /// Waits until the descriptor is ready for `events` or the deadline passes.
    func wait(for events: Int16, deadline: Deadline, timeoutMs: Int) throws(ClientError) {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let left = deadline.remainingMs
            guard left > 0 else { throw .timedOut(ms: timeoutMs) }
            let ready = poll(&entry, 1, left)
            if ready > 0 { return }
            if ready == 0 { throw .timedOut(ms: timeoutMs) }
            guard errno == EINTR else { throw .socket(call: "poll", errno: errno) }
        }
    }

    /// Sends every byte before the deadline.
    func write(_ bytes: [UInt8], deadline: Deadline, timeoutMs: Int) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLOUT), deadline: deadline, timeoutMs: timeoutMs)
            case EPIPE, ECONNRESET: throw .connectionLost
            default: throw .socket(call: "send", errno: errno)
            }
        }
    }

    /// Reads what is there (waiting for something first); an empty array is the end of the stream.
    func read(into buffer: inout [UInt8], deadline: Deadline, timeoutMs: Int) throws(ClientError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return count }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLIN), deadline: deadline, timeoutMs: timeoutMs)
            case ECONNRESET: throw .connectionLost
            default: throw .socket(call: "recv", errno: errno)
            }
        }
    }

    /// An idle connection is worth reusing only if the server has neither closed it nor sent
    /// anything unasked (either shows as readable).
    var looksReusable: Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN) | Self.pollReadHangUp, revents: 0)
        return poll(&entry, 1, 0) == 0
    }

    func close() {
        _ = Glibc.close(fd)
    }
}
