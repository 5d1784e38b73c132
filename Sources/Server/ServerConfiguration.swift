import Platform
import HTTP

/// Where and how the server listens. Built once by the executable and passed down.
public struct ServerConfiguration: Sendable {
    /// An IPv4/IPv6 literal or `localhost`.
    public var host: String
    /// 0 binds an ephemeral port; `HTTPServer.start()` returns the one chosen.
    public var port: Int
    public var limits: HTTPLimits
    /// Event loop threads; one per core by default.
    public var loopCount: Int
    /// Pending connections the kernel queues before we accept them.
    public var backlog: Int
    /// Where handlers start running.
    public var handlerExecution: HandlerExecution

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        limits: HTTPLimits = HTTPLimits(),
        loopCount: Int = ServerConfiguration.activeProcessorCount,
        backlog: Int = 1024,
        handlerExecution: HandlerExecution = .pool
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.loopCount = loopCount
        self.backlog = backlog
        self.handlerExecution = handlerExecution
    }

    public static var activeProcessorCount: Int {
        Processors.online
    }
}

/// Where a request's handler starts.
public enum HandlerExecution: Sendable {
    /// A new task on the cooperative pool (the default): the loop only parses and writes.
    case pool
    /// On the loop thread, until the handler first suspends (`Task.immediate`); from there on
    /// the pool. A handler that answers without suspending then costs no thread hop at all
    /// (about a quarter less CPU per small request). Only for handlers that never block and
    /// do little work before their first `await`: until then they hold up the loop's other
    /// connections.
    case immediate
}
