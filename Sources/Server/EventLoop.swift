import Platform
import HTTP

/// One event loop on its own thread: waits on epoll, accepts, reads and parses, starts handler
/// tasks on the cooperative pool, and writes their answers when they come back through the
/// mailbox. Everything here is touched only by the loop's thread.
final class EventLoop {
    let index: Int
    let context: ServerContext
    let epoll: Epoll
    let mailbox: Mailbox
    let limits: HTTPLimits
    /// Where the handler tasks started here run (`HandlerExecution.loop`).
    let executor: LoopExecutor

    /// Connections by descriptor (descriptors are small integers, reused after close).
    var connections: [Connection?] = []
    /// Every connection registered here, lingering and rejected ones included.
    var connectionCount = 0
    var rejectedCount = 0
    private var nextConnectionID: UInt64 = 0

    var now: UInt64
    private var lastTimerCheck: UInt64
    /// Set once shutdown starts: in-flight requests must be written by then.
    var drainDeadline: UInt64?
    /// Accepting stops for a moment when the process runs out of descriptors.
    var acceptPausedUntil: UInt64?

    let readBuffer: UnsafeMutableRawBufferPointer
    private let events: UnsafeMutableRawPointer
    private let eventCapacity = 256
    private var messages: [LoopMessage] = []

    static let readBufferSize = 64 * 1024
    /// How often deadlines are checked; they fire up to this late.
    static let timerInterval: UInt64 = 100_000_000
    /// How long a closing connection drains what the client still sends, so that unread input
    /// does not make the kernel reset the connection and destroy the answer in flight.
    static let lingerTime: UInt64 = 2_000_000_000

    static let readable = Epoll.readable
    static let writable = Epoll.writable

    init(index: Int, context: ServerContext, epoll: Epoll) {
        self.index = index
        self.context = context
        self.epoll = epoll
        self.mailbox = context.mailboxes[index]
        executor = LoopExecutor(mailbox: mailbox)
        self.limits = context.configuration.limits
        now = MonotonicClock.now()
        lastTimerCheck = now
        readBuffer = .allocate(byteCount: EventLoop.readBufferSize, alignment: 16)
        events = .allocate(byteCount: eventCapacity * Epoll.eventSize, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
        events.deallocate()
    }

    /// Runs until shutdown completes (or epoll itself fails), then closes what is left.
    func run() {
        while !isFinished {
            var timeout: Int32 = connectionCount == 0 && drainDeadline == nil && acceptPausedUntil == nil ? -1 : 100
            if !mailbox.prepareToSleep() { timeout = 0 }
            let count: Int
            do {
                count = try epoll.wait(into: events, capacity: eventCapacity, timeoutMs: timeout)
            } catch {
                break
            }
            mailbox.awake()
            now = MonotonicClock.now()
            for index in 0..<count {
                let (fd, mask) = Epoll.event(index, in: events)
                if fd == context.listener {
                    acceptConnections()
                } else if fd == mailbox.fd {
                    mailbox.acknowledgeWakeUp()
                } else if let connection = connection(for: fd) {
                    handle(connection, mask: mask)
                }
            }
            receiveMessages()
            if now &- lastTimerCheck >= EventLoop.timerInterval {
                lastTimerCheck = now
                checkDeadlines()
            }
        }
        for case let connection? in connections {
            close(connection)
        }
        LoopExecutor.release(mailbox.close())
        epoll.close()
        context.loopExited()
    }

    private var isFinished: Bool {
        guard let drainDeadline else { return false }
        return connectionCount == 0 || now >= drainDeadline
    }

    func connection(for fd: Int32) -> Connection? {
        fd >= 0 && Int(fd) < connections.count ? connections[Int(fd)] : nil
    }

    private func handle(_ connection: Connection, mask: UInt32) {
        if mask & EventLoop.readable != 0 {
            readAvailable(connection)
            guard connection.isOpen(in: self) else { return }
        }
        if mask & EventLoop.writable != 0 {
            writeOutput(connection)
            guard connection.isOpen(in: self) else { return }
        }
        if mask & (Epoll.error | Epoll.hangUp) != 0 {
            // Reset, or both directions closed: nothing more can be delivered.
            close(connection)
        }
    }

    private func receiveMessages() {
        guard mailbox.take(into: &messages) else { return }
        for message in messages {
            switch message {
            case .response(let fd, let id, let sequence, let response):
                guard let connection = connection(for: fd), connection.id == id else { continue }
                deliver(response, sequence: sequence, on: connection)
            case .adopt(let fd, let remote):
                adopt(fd: fd, remote: remote)
            case .shutdown(let deadline):
                beginDraining(deadline: deadline)
            case .run(let job):
                executor.run(job)
            }
        }
        messages.removeAll(keepingCapacity: true)
    }

    /// Registers a new connection with this loop.
    func register(fd: Int32, remote: String, rejected: Bool) -> Connection? {
        nextConnectionID &+= 1
        let id = UInt64(index) << 56 | nextConnectionID
        let interest = rejected ? 0 : EventLoop.readable
        let connection = Connection(fd: fd, id: id, remoteAddress: remote, limits: limits, now: now,
                                    interest: interest, isRejected: rejected)
        do {
            try epoll.add(fd, events: interest)
        } catch {
            Syscall.close(fd)
            if !rejected { context.releaseConnection() }
            return nil
        }
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
        }
        connections[Int(fd)] = connection
        connectionCount += 1
        if rejected { rejectedCount += 1 }
        // A connection that has not sent its first request yet gets the (shorter) request time,
        // so clients that connect and say nothing cannot hold slots for the idle time.
        let quietTime = min(limits.headerTimeoutMs, limits.idleTimeoutMs)
        connection.deadline = .idle(now &+ MonotonicClock.nanoseconds(milliseconds: quietTime))
        return connection
    }

    func close(_ connection: Connection) {
        guard connection.isOpen(in: self) else { return }
        connections[Int(connection.fd)] = nil
        connectionCount -= 1
        if connection.isRejected { rejectedCount -= 1 }
        releaseSlot(of: connection)   // before the close is visible to the client
        Syscall.close(connection.fd)
    }

    /// Gives the connection's place under `maxConnections` back to the server.
    func releaseSlot(of connection: Connection) {
        guard connection.holdsSlot else { return }
        connection.holdsSlot = false
        context.releaseConnection()
    }

    /// Registers the epoll interest the connection needs now, if it changed.
    func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        if !connection.peerClosed
            && (connection.lingering
                || (!connection.stopsParsing && connection.exchanges.count < limits.maxPipelinedRequests)) {
            wanted |= EventLoop.readable
        }
        if connection.hasPendingOutput { wanted |= EventLoop.writable }
        guard wanted != connection.interest else { return }
        do {
            try epoll.modify(connection.fd, events: wanted)
            connection.interest = wanted
        } catch {
            close(connection)
        }
    }
}

extension Connection {
    /// Whether the loop still holds this very connection (its descriptor may have been reused).
    func isOpen(in loop: EventLoop) -> Bool {
        loop.connection(for: fd) === self
    }
}
