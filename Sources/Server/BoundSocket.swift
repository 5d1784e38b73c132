import Platform
import Synchronization

/// A listening socket bound before the server that will serve it exists: `serve` binds first,
/// so a port in use fails before anything is created on disk. The server given it takes it over;
/// one never taken is closed when dropped.
public final class BoundSocket: Sendable {
    /// The port bound (the chosen one for port 0).
    public let port: Int
    private let descriptor: Mutex<Int32?>

    /// Binds and listens at the configuration's host and port, with its backlog.
    public init(_ configuration: ServerConfiguration) throws(SystemError) {
        let (fd, port) = try Listener.open(host: configuration.host, port: configuration.port,
                                           backlog: Int32(clamping: configuration.backlog))
        self.port = port
        descriptor = Mutex(fd)
    }

    /// The descriptor, once: from then on its closing is the taker's.
    func take() -> Int32? {
        descriptor.withLock { fd in
            defer { fd = nil }
            return fd
        }
    }

    deinit {
        if let fd = take() { Syscall.close(fd) }
    }
}
