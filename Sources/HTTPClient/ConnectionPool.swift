import Synchronization

/// Idle keep-alive connections by server, so back-to-back sends to one provider skip the TCP
/// handshake. A connection idle longer than `maxIdleMs` is closed rather than reused: servers
/// close idle connections on their own schedule, and a request written into one that is
/// closing gets no answer (and a POST must not be retried blindly).
final class ConnectionPool: Sendable {
    struct Key: Hashable, Sendable {
        var host: String
        var port: UInt16
    }

    private let idle = Mutex<[Key: [ClientConnection]]>([:])
    private let maxIdlePerServer: Int
    private let maxIdleMs: Int

    init(maxIdlePerServer: Int, maxIdleMs: Int) {
        self.maxIdlePerServer = maxIdlePerServer
        self.maxIdleMs = maxIdleMs
    }

    deinit {
        idle.withLock { servers in
            for connection in servers.values.joined() { connection.close() }
            servers = [:]
        }
    }

    /// The most recently used idle connection to `key` that still looks open, or nil.
    func take(_ key: Key) -> ClientConnection? {
        let now = Deadline.now()
        let limit = UInt64(maxIdleMs) * 1_000_000
        var stale: [ClientConnection] = []
        let found: ClientConnection? = idle.withLock { servers in
            while let connection = servers[key]?.popLast() {
                if now - connection.idleSince <= limit { return connection }
                stale.append(connection)
            }
            return nil
        }
        for connection in stale { connection.close() }
        guard let found else { return nil }
        guard found.looksReusable else {
            found.close()
            return take(key)
        }
        return found
    }

    /// Keeps a connection whose answer allowed keep-alive; closes it when the server has enough.
    func put(_ connection: ClientConnection, for key: Key) {
        var connection = connection
        connection.reused = true
        connection.idleSince = Deadline.now()
        let kept = idle.withLock { servers in
            guard servers[key, default: []].count < maxIdlePerServer else { return false }
            servers[key, default: []].append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Idle connections held now, for tests and metrics.
    var idleCount: Int {
        idle.withLock { $0.values.reduce(0) { $0 + $1.count } }
    }
}
