import Platform
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
        var stale: [ClientConnection] = []
        let found: ClientConnection? = idle.withLock { servers in
            let now = MonotonicClock.now()
            while let connection = servers[key]?.popLast() {
                if Self.isFresh(idleSince: connection.idleSince, now: now, maxIdleMs: maxIdleMs) { return connection }
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

    /// Whether a connection idle since `idleSince` may still be used at `now` (monotonic ns). A
    /// connection put back after `now` was read counts as fresh: the subtraction must not wrap.
    static func isFresh(idleSince: UInt64, now: UInt64, maxIdleMs: Int) -> Bool {
        idleSince >= now || now - idleSince <= UInt64(maxIdleMs) * 1_000_000
    }

    /// Keeps a connection whose answer allowed keep-alive; closes it when the server has enough.
    func put(_ connection: ClientConnection, for key: Key) {
        var connection = connection
        connection.reused = true
        connection.idleSince = MonotonicClock.now()
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
