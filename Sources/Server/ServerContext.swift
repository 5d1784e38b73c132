import HTTP
import Synchronization

/// What every loop of one server shares: configuration, the handler, the access log, each
/// other's mailboxes (to hand connections over), and the counters across loops.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let handler: HTTPHandler
    let accessLog: (@Sendable (AccessLogEntry) -> Void)?
    let listener: Int32
    let mailboxes: [Mailbox]
    let requestIDs = RequestIDGenerator()
    private let open = Atomic<Int>(0)
    private let nextLoop = Atomic<Int>(0)
    private let exits: Mutex<(running: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(configuration: ServerConfiguration, handler: @escaping HTTPHandler,
         accessLog: (@Sendable (AccessLogEntry) -> Void)?, listener: Int32, mailboxes: [Mailbox]) {
        self.configuration = configuration
        self.handler = handler
        self.accessLog = accessLog
        self.listener = listener
        self.mailboxes = mailboxes
        exits = Mutex((mailboxes.count, []))
    }

    var openConnections: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection unless the server is at `maxConnections`.
    func reserveConnection() -> Bool {
        let count = open.wrappingAdd(1, ordering: .relaxed).newValue
        if count > configuration.limits.maxConnections {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func releaseConnection() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Round robin over the loops, so connections accepted in a burst by one loop are spread.
    func pickLoop() -> Int {
        let turn = nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue
        return (turn & Int.max) % mailboxes.count
    }

    /// Called by each loop thread as it ends.
    func loopExited() {
        let waiting = exits.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            guard state.running == 0 else { return [] }
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns once every loop thread has ended.
    func waitForLoops() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = exits.withLock { state in
                if state.running == 0 { return true }
                state.waiting.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
