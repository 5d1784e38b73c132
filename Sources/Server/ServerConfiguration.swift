import Glibc
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

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        limits: HTTPLimits = HTTPLimits(),
        loopCount: Int = ServerConfiguration.activeProcessorCount,
        backlog: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.loopCount = loopCount
        self.backlog = backlog
    }

    public static var activeProcessorCount: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
