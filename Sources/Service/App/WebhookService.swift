import Configuration
import Core
import Foundation
import HTTP
import Providers
import Server
import SQLite

/// `wxhook serve`: the database, the HTTP server and the routes, wired from one `Configuration`.
public final class WebhookService: Sendable {
    public let configuration: Configuration
    let writer: DatabaseWriter
    let server: HTTPServer
    let logger: Logger

    public init(configuration: Configuration, logger: Logger,
                clock: @escaping @Sendable () -> Double = WallClock.now) throws {
        self.configuration = configuration
        self.logger = logger
        writer = try Self.openDatabase(at: configuration.databasePath)

        let store = EventStore(writer: writer, dedupeWindow: Double(configuration.dedupeWindowS))
        let ingest = IngestHandler(directory: Self.inboundDirectory(configuration.accounts),
                                   store: store, clock: clock, logger: logger)
        let health = HealthHandler(version: wxhookVersion, accountCount: configuration.accounts.count,
                                   writer: writer, queueDepth: { QueueDepth() }, clock: clock)

        var router = Router()
        router.add(.post, "/hooks/botadmin/{account}") { await ingest.botadmin($0) }
        router.add(.post, "/hooks/yunzhenji/{account}") { await ingest.yunzhenji($0) }
        router.add(.get, "/health") { await health.handle($0) }

        let limits = configuration.limits
        let serverConfiguration = ServerConfiguration(
            host: configuration.listen.host, port: configuration.listen.port,
            limits: HTTPLimits(maxBodyBytes: limits.maxBodyBytes, headerTimeoutMs: limits.headerTimeoutMs,
                               idleTimeoutMs: limits.idleTimeoutMs),
            // Every handler here does a few microseconds of parsing before its first await (on
            // the writer or a reader), so it can start on the loop thread and skip a pool hop.
            handlerExecution: .immediate)
        let routes = router
        server = HTTPServer(configuration: serverConfiguration, handler: { await routes.handle($0) },
                            accessLog: { entry in
                                logger.info("request", [
                                    ("method", entry.method), ("path", entry.path), ("status", String(entry.status)),
                                    ("duration_ms", Self.milliseconds(entry.durationMs)), ("request_id", entry.requestID),
                                ])
                            })
    }

    /// Binds and starts serving; returns the port (useful with port 0).
    public func start() throws -> Int {
        do {
            return try server.start()
        } catch {
            throw ServiceError.listen(address: configuration.listen.description, reason: "\(error)")
        }
    }

    /// Stops accepting, lets in-flight requests finish (up to `gracePeriodMs`), then closes the
    /// database after its last queued write.
    public func shutdown(gracePeriodMs: Int = 10_000) async {
        await server.shutdown(gracePeriodMs: gracePeriodMs)
        await writer.close()
    }

    static func openDatabase(at path: String) throws -> DatabaseWriter {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ServiceError.database(path: path, reason: "cannot create folder \(directory)")
            }
        }
        do {
            return try DatabaseWriter(path: path, migrations: Schema.migrations)
        } catch {
            throw ServiceError.database(path: path, reason: "\(error)")
        }
    }

    static func inboundDirectory(_ accounts: [Account]) -> InboundDirectory {
        InboundDirectory(accounts.compactMap { account in
            let inbound = InboundAccount(provider: account.provider, name: account.name,
                                         selfIDs: Set(account.selfIDs), mentionNames: account.mentionNames)
            switch account.credentials {
            case .botadmin(let secret): return InboundEndpoint(account: inbound, credential: secret.revealed)
            case .yunzhenji(_, _, _, let token): return InboundEndpoint(account: inbound, credential: token?.revealed)
            case .gowechat, .wecom: return nil
            }
        })
    }

    static func milliseconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
