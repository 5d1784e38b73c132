import Platform

/// A `NOTIFY` received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Hashable {
    public let channel: String
    public let payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

// LISTEN/NOTIFY: a wake-up hint between instances. A notification can be lost (a connection
// reopened in between), so whoever listens also polls.
extension PostgresConnection {
    /// Starts listening to `channel` (any name: it is quoted).
    public func listen(_ channel: String) throws(PostgresError) {
        try query("LISTEN " + Self.quoted(channel))
    }

    /// Sends `payload` to every connection listening to `channel` (at commit, inside a transaction).
    public func notify(_ channel: String, payload: String) throws(PostgresError) {
        try query("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// The notifications that arrived, waiting up to `timeoutMs` for the first one (0: only those
    /// already here). A broken connection throws `connectionLost`.
    public func waitForNotifications(timeoutMs: Int) throws(PostgresError) -> [PostgresNotification] {
        let handle = try open()
        var received = try drain(handle)
        guard received.isEmpty, timeoutMs > 0 else { return received }
        let deadline = MonotonicClock.now() + MonotonicClock.nanoseconds(milliseconds: timeoutMs)
        while received.isEmpty {
            let now = MonotonicClock.now()
            guard now < deadline else { break }
            let fd = libpq.socket(handle)
            guard fd >= 0 else { throw .connectionLost(connectionMessage()) }
            let left = Int32(min(Int((deadline - now) / 1_000_000) + 1, Int(Int32.max)))
            do {
                if try Syscall.poll(fd, for: .readable, timeoutMs: left) == .timedOut { break }
            } catch {
                throw .connectionLost(error.description)
            }
            received = try drain(handle)
        }
        return received
    }

    /// Reads what arrived on the socket and takes every queued notification (`PQfreemem` each).
    private func drain(_ handle: Libpq.Connection) throws(PostgresError) -> [PostgresNotification] {
        guard libpq.consumeInput(handle) == 1, !isBroken else { throw .connectionLost(connectionMessage()) }
        var received: [PostgresNotification] = []
        while let notice = libpq.notifies(handle) {
            // struct pgNotify { char *relname; int be_pid; char *extra; struct pgNotify *next; }
            let channel = notice.load(as: UnsafePointer<CChar>?.self)
            let payload = notice.load(fromByteOffset: 2 * MemoryLayout<UnsafeRawPointer>.stride, as: UnsafePointer<CChar>?.self)
            received.append(PostgresNotification(channel: channel.map { String(cString: $0) } ?? "",
                                                 payload: payload.map { String(cString: $0) } ?? ""))
            libpq.freemem(notice)
        }
        return received
    }

    /// An identifier in double quotes, inner quotes doubled.
    static func quoted(_ identifier: String) -> String {
        "\"" + String(identifier.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}
