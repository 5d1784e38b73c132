import Platform
import HTTP
import Synchronization

/// wxhook's HTTP/1.1 server: epoll event loops on threads of their own (one per core by
/// default) sharing one listening socket; handlers run as tasks on the cooperative pool.
/// The server never prints; it reports each answered request to `accessLog` (called on a loop
/// thread, so it should be quick).
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    private let handler: HTTPHandler
    private let accessLog: (@Sendable (AccessLogEntry) -> Void)?
    /// Bound ahead of time by the caller; nil: `start()` binds.
    private let bound: BoundSocket?
    private let state = Mutex<State>(.idle)

    private enum State {
        case idle
        case running(ServerContext, port: Int)
        case stopping(ServerContext)
        case stopped
    }

    /// `bound`: a socket already listening, which the server takes over (its address wins over
    /// the configuration's host and port).
    public init(configuration: ServerConfiguration, handler: @escaping HTTPHandler,
                accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil, bound: BoundSocket? = nil) {
        self.configuration = configuration
        self.handler = handler
        self.accessLog = accessLog
        self.bound = bound
    }

    /// Binds (unless given a bound socket), listens and starts the loops; returns the bound port
    /// (the chosen one for port 0). Throws a `SystemError` naming the call and address, e.g.
    /// when the port is in use.
    public func start() throws(SystemError) -> Int {
        try state.withLock { state throws(SystemError) -> Int in
            guard case .idle = state else {
                throw SystemError("start", errno: SystemError.Code.alreadyInProgress, detail: "the server was already started")
            }
            let (context, port) = try launch()
            state = .running(context, port: port)
            return port
        }
    }

    private func launch() throws(SystemError) -> (ServerContext, Int) {
        let loopCount = max(1, configuration.loopCount)
        let (listener, port): (Int32, Int)
        if let bound, let fd = bound.take() {
            (listener, port) = (fd, bound.port)
        } else {
            (listener, port) = try Listener.open(host: configuration.host, port: configuration.port,
                                                 backlog: Int32(clamping: configuration.backlog))
        }
        var epolls: [Epoll] = []
        var mailboxes: [Mailbox] = []
        do throws(SystemError) {
            for _ in 0..<loopCount {
                let epoll = try Epoll()
                epolls.append(epoll)
                let mailbox = try Mailbox()
                mailboxes.append(mailbox)
                try epoll.add(mailbox.fd, events: Epoll.readable)
                try epoll.add(listener, events: Epoll.readable | Epoll.exclusive)
            }
        } catch {
            for epoll in epolls { epoll.close() }
            Syscall.close(listener)
            throw error
        }
        let context = ServerContext(configuration: configuration, handler: handler, accessLog: accessLog,
                                    listener: listener, mailboxes: mailboxes)
        for (index, epoll) in epolls.enumerated() {
            do throws(SystemError) {
                try DetachedThread.start(name: "wxhook-loop-\(index)") {
                    EventLoop(index: index, context: context, epoll: epoll).run()
                }
            } catch {
                // Loops already running end through the shutdown path. The listener is shut
                // down but left open: one of them may still be accepting on its descriptor.
                try? Syscall.shutdown(listener, .both)
                for mailbox in mailboxes.prefix(index) { mailbox.post(.shutdown(deadline: 0)) }
                for unstarted in epolls[index...] { unstarted.close() }
                throw error
            }
        }
        return (context, port)
    }

    /// The bound port while running.
    public var port: Int? {
        state.withLock { state in
            if case .running(_, let port) = state { return port }
            return nil
        }
    }

    /// Connections open now (refused ones excluded).
    public var openConnections: Int {
        state.withLock { state in
            switch state {
            case .running(let context, _), .stopping(let context): return context.openConnections
            case .idle, .stopped: return 0
            }
        }
    }

    /// Stops accepting at once (new connections are refused by the kernel), closes idle
    /// connections, lets requests in flight finish and be written for up to `gracePeriodMs`,
    /// then closes everything. Returns when every loop thread has ended.
    public func shutdown(gracePeriodMs: Int) async {
        let (context, first): (ServerContext?, Bool) = state.withLock { state in
            switch state {
            case .running(let context, _):
                state = .stopping(context)
                return (context, true)
            case .stopping(let context):
                return (context, false)
            case .idle, .stopped:
                state = .stopped
                return (nil, false)
            }
        }
        guard let context else { return }
        if first {
            // SHUT_RD on a listening socket stops it listening: new connections are refused.
            try? Syscall.shutdown(context.listener, .both)
            let deadline = MonotonicClock.now() &+ MonotonicClock.nanoseconds(milliseconds: gracePeriodMs)
            for mailbox in context.mailboxes { mailbox.post(.shutdown(deadline: deadline)) }
        }
        await context.waitForLoops()
        if first {
            Syscall.close(context.listener)
            state.withLock { $0 = .stopped }
        }
    }
}
