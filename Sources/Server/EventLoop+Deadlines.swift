import Platform

extension EventLoop {
    /// Which deadline applies now (see `Connection.Deadline`).
    func updateDeadline(_ connection: Connection) {
        if connection.lingering { return }
        if connection.hasPendingOutput {
            connection.deadline = .stalledWrite(connection.lastActivity &+ nanoseconds(limits.idleTimeoutMs))
        } else if !connection.stopsParsing, connection.parser.hasPartialRequest,
                  connection.exchanges.count < limits.maxPipelinedRequests {
            connection.deadline = .request(connection.requestStartedAt &+ nanoseconds(limits.headerTimeoutMs))
        } else if connection.exchanges.isEmpty {
            connection.deadline = .idle(connection.lastActivity &+ nanoseconds(limits.idleTimeoutMs))
        } else {
            connection.deadline = .none   // a handler is working; its time is not the client's fault
        }
    }

    func nanoseconds(_ milliseconds: Int) -> UInt64 {
        MonotonicClock.nanoseconds(milliseconds: milliseconds)
    }

    /// Fires due deadlines; runs every `timerInterval`.
    func checkDeadlines() {
        resumeAcceptingIfDue()
        if let drainDeadline, now >= drainDeadline { return }   // the loop is ending; run() closes all
        for case let connection? in connections {
            switch connection.deadline {
            case .none:
                continue
            case .request(let at):
                guard now >= at else { continue }
                connection.deadline = .none
                refuse(connection, .requestTimeout,
                       "request not received within \(limits.headerTimeoutMs) ms")
                service(connection)
            case .idle(let at), .stalledWrite(let at), .linger(let at):
                if now >= at { close(connection) }
            }
        }
    }
}
