import HTTP
import Platform

extension EventLoop {
    /// One read per readiness event; epoll is level-triggered, so what is left is reported again.
    func readAvailable(_ connection: Connection) {
        let result: Syscall.Transfer
        do {
            result = try Syscall.read(connection.fd, into: readBuffer)
        } catch {
            close(connection)
            return
        }
        switch result {
        case .wouldBlock:
            return
        case .endOfFile:
            connection.peerClosed = true
            if connection.lingering || (connection.exchanges.isEmpty && !connection.hasPendingOutput) {
                close(connection)
                return
            }
            // Answer what was asked before the client half-closed, then close.
            connection.closesAfterWrite = true
            service(connection)
        case .bytes(let count):
            connection.lastActivity = now
            guard !connection.lingering, !connection.stopsParsing else { return }   // drained and dropped
            if !connection.parser.hasPartialRequest { connection.requestStartedAt = now }
            connection.parser.feed(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            service(connection)
        }
    }

    /// Parses what can be parsed, writes what is ready, and re-arms deadline and interest.
    func service(_ connection: Connection) {
        takeRequests(connection)
        flush(connection)
        guard connection.isOpen(in: self) else { return }
        // Answers written may have made room for requests held back by the pipelining cap.
        if !connection.stopsParsing, connection.parser.bufferedByteCount > 0,
           connection.exchanges.count < limits.maxPipelinedRequests {
            takeRequests(connection)
            flush(connection)
            guard connection.isOpen(in: self) else { return }
        }
        if connection.peerClosed, connection.exchanges.isEmpty, !connection.hasPendingOutput {
            close(connection)
            return
        }
        updateDeadline(connection)
        updateInterest(connection)
    }

    private func takeRequests(_ connection: Connection) {
        while !connection.stopsParsing, connection.exchanges.count < limits.maxPipelinedRequests {
            let event: RequestParser.Event?
            do {
                event = try connection.parser.next()
            } catch {
                connection.stopsParsing = true
                refuse(connection, error.status, error.message)
                return
            }
            guard let event else { return }
            switch event {
            case .continueExpected:
                connection.exchanges.append(.interimContinue())
            case .request(var request):
                request.id = context.requestIDs.next()
                request.receivedAt = connection.requestStartedAt != 0 ? connection.requestStartedAt : now
                connection.requestStartedAt = connection.parser.hasPartialRequest ? now : 0
                let exchange = Exchange.forRequest(request)
                if exchange.closes || drainDeadline != nil { connection.stopsParsing = true }
                let sequence = connection.nextSequence
                connection.exchanges.append(exchange)
                dispatch(request, sequence: sequence, on: connection)
            }
        }
    }

    /// Runs the handler as a task (see `HandlerExecution`); its answer comes back by mailbox.
    private func dispatch(_ request: HTTPRequest, sequence: UInt64, on connection: Connection) {
        let handler = context.handler
        let mailbox = mailbox
        let fd = connection.fd
        let id = connection.id
        switch context.configuration.handlerExecution {
        case .pool:
            Task {
                let response = await handler(request)
                mailbox.post(.response(fd: fd, connection: id, sequence: sequence, response: response))
            }
        case .loop:
            // An answer given without suspending is posted to our own mailbox, which this loop
            // drains before it next sleeps: no wake-up needed. Every resumption comes back here.
            Task.immediate(executorPreference: executor) {
                let response = await handler(request)
                mailbox.post(.response(fd: fd, connection: id, sequence: sequence, response: response))
            }
        }
    }

    /// Queues an answer the server gives itself (parse error, 408, 503) and closes after it.
    func refuse(_ connection: Connection, _ status: HTTPStatus, _ message: String) {
        let exchange = Exchange.refusal(status, message, requestID: context.requestIDs.next(),
                                        receivedAt: connection.requestStartedAt != 0 ? connection.requestStartedAt : now)
        connection.stopsParsing = true
        connection.exchanges.append(exchange)
    }

    /// A handler's answer arrived.
    func deliver(_ response: HTTPResponse, sequence: UInt64, on connection: Connection) {
        guard sequence >= connection.firstSequence else { return }
        let position = Int(sequence - connection.firstSequence)
        guard position < connection.exchanges.count else { return }
        connection.exchanges[position].response = response
        if position == 0 { service(connection) }
    }
}
