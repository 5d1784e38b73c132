import Platform
import HTTP

extension EventLoop {
    /// Retained output capacity per connection; a larger buffer (a big page) is given back.
    static let retainedOutputCapacity = 64 * 1024

    /// Serializes every answer that is ready at the front of the queue, in request order, and
    /// writes them with as few sends as possible.
    func flush(_ connection: Connection) {
        var wrote = false
        while let first = connection.exchanges.first, let response = first.response {
            connection.exchanges.removeFirst()
            connection.firstSequence += 1
            wrote = true
            if first.kind == .interim {
                connection.output.append(contentsOf: EventLoop.continueLine)
                continue
            }
            let lastBeforeShutdown = drainDeadline != nil && connection.exchanges.isEmpty
            let closes = first.closes || response.requestsClose || lastBeforeShutdown
            let framing = HTTPResponse.Framing(requestID: first.requestID, close: closes,
                                               announceKeepAlive: first.announceKeepAlive && !closes,
                                               includeBody: !first.isHead)
            response.serialize(into: &connection.output, framing: framing)
            log(first, response, connection)
            if closes {
                // Anything pipelined behind a closing answer is dropped unanswered, as the
                // client was told.
                connection.closesAfterWrite = true
                connection.stopsParsing = true
                connection.firstSequence += UInt64(connection.exchanges.count)
                connection.exchanges.removeAll()
                break
            }
        }
        if wrote || connection.hasPendingOutput {
            writeOutput(connection)
        } else if connection.closesAfterWrite, connection.exchanges.isEmpty {
            finishClosing(connection)
        }
    }

    private static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private func log(_ exchange: Exchange, _ response: HTTPResponse, _ connection: Connection) {
        guard let accessLog = context.accessLog else { return }
        // The clock is read afresh: `now` is taken once per loop turn, before the turn's handlers
        // ran, so an answer given within the turn it was asked in would measure as 0.
        let answeredAt = MonotonicClock.now()
        accessLog(AccessLogEntry(
            method: exchange.method, path: exchange.path, status: response.status.code,
            durationMs: Double(answeredAt &- min(answeredAt, exchange.receivedAt)) / 1_000_000,
            requestID: exchange.requestID, remoteAddress: connection.remoteAddress))
    }

    /// Sends pending output until the socket would block; then EPOLLOUT takes over.
    func writeOutput(_ connection: Connection) {
        while connection.hasPendingOutput {
            let result: Syscall.Transfer
            do {
                result = try connection.output.withUnsafeBytes { bytes throws(SystemError) in
                    try Syscall.send(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.outputOffset...]))
                }
            } catch {
                close(connection)
                return
            }
            guard case .bytes(let count) = result else { break }
            connection.outputOffset += count
            connection.lastActivity = now
        }
        if !connection.hasPendingOutput {
            if connection.output.capacity > EventLoop.retainedOutputCapacity {
                connection.output = []
            } else {
                connection.output.removeAll(keepingCapacity: true)
            }
            connection.outputOffset = 0
            if connection.closesAfterWrite, connection.exchanges.isEmpty {
                finishClosing(connection)
                return
            }
        }
        updateDeadline(connection)
        updateInterest(connection)
    }

    /// Everything owed is written: shut down our side and drain the client's until it closes or
    /// the linger time runs out.
    private func finishClosing(_ connection: Connection) {
        guard !connection.lingering else { return }
        if connection.peerClosed {
            close(connection)
            return
        }
        do {
            try Syscall.shutdown(connection.fd, .write)
        } catch {
            close(connection)
            return
        }
        connection.lingering = true
        releaseSlot(of: connection)
        var until = now &+ EventLoop.lingerTime
        if let drainDeadline { until = min(until, drainDeadline) }
        connection.deadline = .linger(until)
        updateInterest(connection)
    }
}
