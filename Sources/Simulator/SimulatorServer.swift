import Core
import HTTP
import HTTPClient
import Platform
import Providers
import Server
import Synchronization

/// `wxhook sim` on a socket: the core behind an `HTTPServer`, its callbacks posted in the
/// background and `/sim/inbound` webhooks delivered before the answer.
public final class SimulatorServer: Sendable {
    public let core: SimulatorCore
    private let server: HTTPServer
    private let poster: CallbackPoster
    /// The task posting callbacks while the server runs; ended by `shutdown`.
    private let posting = Mutex<Task<Void, Never>?>(nil)

    /// `transport` carries callbacks and inbound webhooks to the service.
    public init(configuration: SimulatorConfiguration, transport: any SendTransport = ProviderTransport(),
                accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil) {
        let core = SimulatorCore(configuration: configuration)
        let poster = CallbackPoster(transport: transport, attempts: configuration.callbackAttempts) { post, delivered in
            core.recordCallback(post, delivered: delivered)
        }
        self.core = core
        self.poster = poster
        server = HTTPServer(configuration: ServerConfiguration(host: configuration.host, port: configuration.port,
                                                               loopCount: 1),
                            handler: { request in
                                let reply = core.handle(request)
                                poster.enqueue(reply.callbacks)
                                if reply.answerDelayMs > 0 {
                                    // Cancelled by shutdown: answer at once rather than hold it up.
                                    try? await Task.sleep(for: .milliseconds(reply.answerDelayMs))
                                }
                                guard let inbound = reply.inbound else { return reply.response }
                                let webhook = ProviderRequest(method: "POST", url: inbound.url,
                                                              headers: [("Content-Type", "application/json")],
                                                              body: inbound.body)
                                let result = await transport.send(webhook, timeoutMs: 10_000)
                                return core.inboundAnswer(for: inbound, result: result)
                            },
                            accessLog: accessLog)
    }

    /// Listens and starts posting callbacks; returns the bound port.
    public func start() throws(SystemError) -> Int {
        let port = try server.start()
        let poster = self.poster
        posting.withLock { task in
            if task == nil { task = Task { await poster.run() } }
        }
        return port
    }

    /// Stops listening (requests in flight get `gracePeriodMs`), then drops callbacks not yet posted.
    public func shutdown(gracePeriodMs: Int = 1_000) async {
        await server.shutdown(gracePeriodMs: gracePeriodMs)
        poster.finish()
        let task = posting.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }
}
