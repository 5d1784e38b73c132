import Platform
import HTTP

extension EventLoop {
    /// At most this many connections are taken per wake-up, so one loop cannot starve its own
    /// clients while a burst of connections arrives.
    static let acceptBatch = 64
    /// Connections refused at the cap that may linger at once per loop; past it they are just closed.
    static let maxRejected = 64
    /// Accepting pauses this long after the process ran out of descriptors.
    static let acceptPause: UInt64 = 100_000_000

    func acceptConnections() {
        for _ in 0..<EventLoop.acceptBatch {
            let accepted: (Int32, SocketAddress)?
            do {
                accepted = try Syscall.accept(context.listener)
            } catch {
                // EMFILE/ENFILE/ENOBUFS: the waiting connection stays queued; retry shortly
                // instead of spinning on a listener that stays readable.
                if error.isOutOfResources {
                    pauseAccepting()
                }
                return
            }
            guard let (fd, address) = accepted else { return }
            try? Syscall.enable(.noDelay, on: fd)
            let remote = address.description
            guard context.reserveConnection() else {
                reject(fd: fd, remote: remote)
                continue
            }
            let target = context.pickLoop()
            if target == index {
                adopt(fd: fd, remote: remote)
            } else {
                context.mailboxes[target].post(.adopt(fd: fd, remote: remote))
            }
        }
    }

    /// Takes over a counted connection accepted by this or another loop.
    func adopt(fd: Int32, remote: String) {
        guard drainDeadline == nil else {
            Syscall.close(fd)
            context.releaseConnection()
            return
        }
        _ = register(fd: fd, remote: remote, rejected: false)
    }

    /// Over the connection cap: answer 503 and close, rather than leave the client hanging in
    /// the backlog without knowing why.
    private func reject(fd: Int32, remote: String) {
        guard rejectedCount < EventLoop.maxRejected,
              let connection = register(fd: fd, remote: remote, rejected: true) else {
            if rejectedCount >= EventLoop.maxRejected { Syscall.close(fd) }
            return
        }
        refuse(connection, .serviceUnavailable, "too many open connections; try again later")
        service(connection)
    }

    private func pauseAccepting() {
        guard acceptPausedUntil == nil else { return }
        try? epoll.remove(context.listener)
        acceptPausedUntil = now &+ EventLoop.acceptPause
    }

    /// Called from the deadline check.
    func resumeAcceptingIfDue() {
        guard let until = acceptPausedUntil, now >= until else { return }
        acceptPausedUntil = nil
        guard drainDeadline == nil else { return }
        try? epoll.add(context.listener, events: EventLoop.readable | Epoll.exclusive)
    }

    /// Shutdown: stop accepting, close what is idle, let the rest finish until `deadline`.
    func beginDraining(deadline: UInt64) {
        guard drainDeadline == nil else { return }
        drainDeadline = deadline
        if acceptPausedUntil == nil { try? epoll.remove(context.listener) }
        acceptPausedUntil = nil
        for case let connection? in connections {
            if connection.exchanges.isEmpty && !connection.hasPendingOutput {
                close(connection)
            } else {
                connection.stopsParsing = true
                updateInterest(connection)
            }
        }
    }
}
