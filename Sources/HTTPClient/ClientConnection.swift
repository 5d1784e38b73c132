import HTTP
import Platform

/// One TCP connection to a server, non-blocking, driven by `poll` with the exchange's deadline.
/// A value holding a descriptor: exactly one exchange owns it at a time (the pool hands it over
/// under its lock), and whoever owns it last closes it.
struct ClientConnection: Sendable {
    let fd: Int32
    /// Set once the connection has carried an answer and was put back in the pool.
    var reused = false
    /// When it went idle (monotonic ns), to retire connections the server may be about to close.
    var idleSince: UInt64 = 0

    /// Resolves `host` and connects to the first address that accepts, within the deadline.
    static func open(host: String, port: UInt16, deadline: Deadline, timeoutMs: Int) throws(ClientError) -> ClientConnection {
        let addresses = SocketAddress.resolve(host: host, port: Int(port))
        guard !addresses.isEmpty else { throw .hostNotFound }
        var lastError = ClientError.connectionRefused
        for address in addresses {
            do {
                return try connect(address, deadline: deadline, timeoutMs: timeoutMs)
            } catch {
                if case .timedOut = error { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ address: SocketAddress, deadline: Deadline, timeoutMs: Int) throws(ClientError) -> ClientConnection {
        let fd: Int32
        do {
            fd = try Syscall.socket(family: address.family)
        } catch {
            throw .system(error)
        }
        let connection = ClientConnection(fd: fd)
        try? Syscall.enable(.noDelay, on: fd)
        do throws(ClientError) {
            let connected: Bool
            do {
                connected = try Syscall.connect(fd, address)
            } catch {
                throw ClientError(connecting: error)
            }
            if !connected {
                try connection.wait(for: .writable, deadline: deadline, timeoutMs: timeoutMs)
                do {
                    try Syscall.checkConnected(fd)
                } catch {
                    throw ClientError(connecting: error)
                }
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Waits until the descriptor is ready for `events` or the deadline passes.
    func wait(for events: Syscall.PollEvents, deadline: Deadline, timeoutMs: Int) throws(ClientError) {
        while true {
            let left = deadline.remainingMs
            guard left > 0 else { throw .timedOut(ms: timeoutMs) }
            let readiness: Syscall.Readiness
            do {
                readiness = try Syscall.poll(fd, for: events, timeoutMs: left)
            } catch {
                throw .system(error)
            }
            switch readiness {
            case .ready: return
            case .timedOut: throw .timedOut(ms: timeoutMs)
            case .interrupted: continue
            }
        }
    }

    /// Sends every byte before the deadline.
    func write(_ bytes: [UInt8], deadline: Deadline, timeoutMs: Int) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Result { () throws(SystemError) in try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
            }
            let transfer: Syscall.Transfer
            switch sent {
            case .success(let value): transfer = value
            case .failure(let error): throw error.isConnectionLost ? .connectionLost : .system(error)
            }
            switch transfer {
            case .bytes(let count): offset += count
            case .wouldBlock, .endOfFile: try wait(for: .writable, deadline: deadline, timeoutMs: timeoutMs)
            }
        }
    }

    /// Reads what is there (waiting for something first); 0 is the end of the stream.
    func read(into buffer: inout [UInt8], deadline: Deadline, timeoutMs: Int) throws(ClientError) -> Int {
        while true {
            let received = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SystemError) in try Syscall.read(fd, into: raw) }
            }
            let transfer: Syscall.Transfer
            switch received {
            case .success(let value): transfer = value
            case .failure(let error): throw error.isConnectionLost ? .connectionLost : .system(error)
            }
            switch transfer {
            case .bytes(let count): return count
            case .endOfFile: return 0
            case .wouldBlock: try wait(for: .readable, deadline: deadline, timeoutMs: timeoutMs)
            }
        }
    }

    /// An idle connection is worth reusing only if the server has neither closed it nor sent
    /// anything unasked (either shows as readable).
    var looksReusable: Bool {
        (try? Syscall.poll(fd, for: [.readable, .peerClosed], timeoutMs: 0)) == .timedOut
    }

    func close() {
        Syscall.close(fd)
    }
}
