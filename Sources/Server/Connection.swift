import HTTP

/// One client connection. Owned by a single event loop and touched only on its thread, so it is
/// deliberately not Sendable; handlers never see it, only the requests read from it.
final class Connection {
    enum Deadline {
        case none
        /// The request that started arriving must be complete by then → 408.
        case request(UInt64)
        /// Nothing to do since the last activity → close quietly.
        case idle(UInt64)
        /// An answer is waiting for a client that stopped reading → close.
        case stalledWrite(UInt64)
        /// Closing: we have shut down our side and drain the client's until then.
        case linger(UInt64)
    }

    let fd: Int32
    let id: UInt64
    let remoteAddress: String
    /// Rejected at the connection cap: answered 503 and closed, never counted.
    let isRejected: Bool
    /// Holds one of the server's `maxConnections` slots (given back as soon as closing starts).
    var holdsSlot: Bool
    var parser: RequestParser

    /// Answers owed, in request order; `exchanges[0]` has sequence number `firstSequence`.
    var exchanges: [Exchange] = []
    var firstSequence: UInt64 = 0
    var nextSequence: UInt64 { firstSequence + UInt64(exchanges.count) }

    /// Serialized answers not yet accepted by the socket, from `outputOffset` on.
    var output: [UInt8] = []
    var outputOffset = 0
    var hasPendingOutput: Bool { outputOffset < output.count }

    /// No more requests are taken from this connection (error, `Connection: close`, shutdown).
    var stopsParsing = false
    /// Close once everything owed is written.
    var closesAfterWrite = false
    /// The client shut down its sending side.
    var peerClosed = false
    var lingering = false

    /// When the request now arriving sent its first byte (0: none is arriving).
    var requestStartedAt: UInt64 = 0
    var lastActivity: UInt64
    var deadline = Deadline.none
    /// The epoll mask currently registered.
    var interest: UInt32

    init(fd: Int32, id: UInt64, remoteAddress: String, limits: HTTPLimits, now: UInt64, interest: UInt32,
         isRejected: Bool = false) {
        self.fd = fd
        self.id = id
        self.remoteAddress = remoteAddress
        self.parser = RequestParser(limits: limits)
        self.lastActivity = now
        self.interest = interest
        self.isRejected = isRejected
        self.holdsSlot = !isRejected
    }

    /// Nothing owed, nothing half-received: safe to close at shutdown.
    var isIdle: Bool {
        exchanges.isEmpty && !hasPendingOutput && !parser.hasPartialRequest
    }
}
