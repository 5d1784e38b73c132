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
    /// On the loop thread, from the start and after every suspension (`LoopExecutor`): a request
    /// costs no thread hop at all (the handler starts as the request is parsed, and the writer or
    /// reader that finishes its await resumes it on the loop that writes its answer), and a group
    /// commit wakes the loop once for all of its answers. Only for handlers that never block and
    /// do little work between their awaits: all of it holds up the loop's other connections.
    case loop
}
