import Configuration
import Core
import Dashboard
import Foundation
import HTTP
import HTTPClient
import Logging
import Platform
import PostgreSQL
import Providers
import Server
import Delivery
import Storage
import Synchronization

/// `wxhook serve`: the database, the HTTP server and the routes, wired from one `Configuration`.
public final class WebhookService: Sendable {
    public let configuration: Configuration
    let store: any Store
    let server: HTTPServer
    let logger: Logger
    let dispatcher: Dispatcher
    let forwarder: Forwarder
    let reconciler: Reconciler
    let pruner: Pruner
    let autoReply: AutoReply
    let metrics: Metrics
    let groups: GroupDirectory
    let clock: @Sendable () -> Double
    /// Every route `serve` answers (`/openapi.json` describes each of them).
    public let routes: [RoutePattern]
    /// This instance's claim on a SQLite database: a second `serve` (or a `restore`) is refused
    /// while it is held. Released after the store's last write. None on PostgreSQL, which several
    /// instances share.
    let claim: FileLock?
    /// The dispatcher and the reconciler, running from `start()` until `shutdown()`.
    private let background = Mutex<Task<Void, Never>?>(nil)

    /// `forwardTransport` carries forwards to applications; their answers are cut at 64 KiB.
    public init(configuration: Configuration, logger: Logger, transport: any SendTransport = ProviderTransport(),
                forwardTransport: any SendTransport = ProviderTransport(maxConnectionsPerHost: 32,
                                                                        maxAnswerBytes: 64 * 1024,
                                                                        cutsLongAnswers: true),
                clock: @escaping @Sendable () -> Double = WallClock.now) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        let delivery = configuration.delivery
        let policy = DeliveryPolicy(confirmAfterSeconds: Double(delivery.confirmAfterS),
                                    expireAfterSeconds: Double(delivery.expireAfterS),
                                    maxAttempts: delivery.maxAttempts, retryBaseMilliseconds: delivery.retryBaseMs)
        do {
            if case .sqlite = configuration.database {
                claim = try DatabaseCommands.maintenance(for: configuration, command: "serve").claim()
            } else {
                claim = nil
            }
        } catch {
            throw ServiceError.claim(error)
        }
        let metrics = Metrics()
        self.metrics = metrics
        let autoReply: AutoReply
        do {
            autoReply = try AutoReply(folder: RuleFolder(path: configuration.rulesPath), timeZone: configuration.timezone,
                                      accounts: configuration.accounts,
                                      subscriptions: Set(configuration.subscriptions.map(\.name)), clock: clock,
                                      logger: logger, onMatch: { metrics.recordRuleMatch(rule: $0) })
        } catch {
            throw ServiceError.rules(problems: error.lines)
        }
        self.autoReply = autoReply
        // Rules that do not load and a port in use both stop `serve` before the database is
        // opened, so neither leaves a new database file behind.
        let serverConfiguration = Self.serverConfiguration(configuration)
        let bound: BoundSocket
        do {
            bound = try BoundSocket(serverConfiguration)
        } catch {
            throw ServiceError.cannotListen(ListenFailure(address: configuration.listen.description, error: error))
        }
        let forwarding = configuration.subscriptions.isEmpty ? nil : ForwardBodies(configuration.subscriptions)
        let store = try Self.openStore(at: configuration.database, policy: policy,
                                       dedupeWindow: Double(configuration.dedupeWindowS), forwarding: forwarding,
                                       lease: Double(configuration.leaseS), durability: configuration.durability,
                                       perAccountPerMinute: configuration.pacing.perAccountPerMinute)
        self.store = store
        // What answers a text search of the events, and what falls back, once per start.
        let search = store.textSearch
        if search.indexed {
            logger.info("event text search", [("index", search.description)])
        } else {
            logger.warn("event text search without an index", [("reason", search.description)])
        }
        let groups = GroupDirectory(accounts: configuration.accounts, transport: transport,
                                    logger: logger)
        self.groups = groups

        // The dispatcher wakes the forwarder (a message's final state is forwarded) and the
        // forwarder the dispatcher (an application's reply is queued): each learns of the other
        // through this box, filled once both exist.
        let wakeDispatcher = WakeTarget()
        let forwarder = Forwarder(store: store, subscriptions: configuration.subscriptions, transport: forwardTransport,
                                  userAgent: "wxhook/\(wxhookVersion)", clock: clock, logger: logger,
                                  attemptEnded: { metrics.recordForwardAttempt(subscription: $0, endedIn: $1, seconds: $2) },
                                  admitReply: { autoReply.admit($0, now: $1) },
                                  replyQueued: { wakeDispatcher.wake() })
        self.forwarder = forwarder
        let dispatcher = Dispatcher(outbox: store, accounts: configuration.accounts,
                                transport: transport, perAccountPerMinute: configuration.pacing.perAccountPerMinute,
                                sendTimeoutMs: delivery.sendTimeoutMs, clock: clock, logger: logger,
                                observeSend: { metrics.observeSend(seconds: $0) },
                                onFinal: { forwarder.wake() })
        self.dispatcher = dispatcher
        wakeDispatcher.set { dispatcher.wake() }

        let retention = configuration.retention
        pruner = Pruner(store: store,
                        policy: RetentionPolicy(eventsDays: retention.eventsDays, messagesDays: retention.messagesDays,
                                                forwardsDays: retention.forwardsDays,
                                                dedupeWindow: Double(configuration.dedupeWindowS)),
                        clock: clock, logger: logger, pruned: { metrics.recordPruned($0, count: $1) })
        reconciler = Reconciler(outbox: store, events: store, clock: clock, logger: logger,
                                onChange: { forwarder.wake() })
        let ingest = IngestHandler(directory: AccountDirectory(configuration.accounts),
                                   store: store, replies: autoReply.planner, clock: clock, logger: logger,
                                   onReplyQueued: { dispatcher.wake() },
                                   onForwarded: { forwarder.wake() },
                                   onStored: { metrics.recordEvent(provider: $0.provider, kind: $0.kind) },
                                   chatOf: { groups.chat(account: $0, conversation: $1) })
        let rules = RulesHandler(autoReply: autoReply, routing: ForwardRouting(subscriptions: configuration.subscriptions))
        let auth = AdminAuth(token: configuration.adminToken)
        let admin = AdminAPI(accounts: configuration.accounts, outbox: store, events: store, forwards: store, retention: store,
                             subscriptions: configuration.subscriptions.map(SubscriptionSummary.init),
                             metrics: metrics, clock: clock, wakeDispatcher: { dispatcher.wake() },
                             timeZone: configuration.timezone, adminToken: configuration.adminToken,
                             wakeForwarder: { forwarder.wake() })
        let health = HealthHandler(version: wxhookVersion, instance: ServiceInstance.current,
                                   rulesHash: { autoReply.engine.ruleSet.sourceHash },
                                   accountCount: configuration.accounts.count, store: store, clock: clock)

        var router = Router()
        router.add(.post, "/hooks/botadmin/{account}") { await ingest.botadmin($0) }
        router.add(.post, "/hooks/yunzhenji/{account}") { await ingest.yunzhenji($0) }
        router.add(.get, "/health") { await health.handle($0) }
        router.add(.get, "/") { _ in DashboardPage.response() }
        let openAPI = OpenAPIDocument.bytes(version: wxhookVersion)
        router.add(.get, "/openapi.json") { _ in .json(.ok, openAPI) }
        router.add(.get, "/api/rules", auth.guarding { await rules.list($0) })
        router.add(.post, "/api/rules/reload", auth.guarding { await rules.reload($0) })
        router.add(.post, "/api/rules/test", auth.guarding(JSONBody.required { await rules.test($0) }))
        admin.register(on: &router)
        routes = router.routes

        let routes = router
        server = HTTPServer(configuration: serverConfiguration, handler: { await routes.handle($0) },
                            accessLog: { entry in
                                metrics.recordRequest(pattern: routes.pattern(forPath: entry.path), status: entry.status)
                                logger.info("request", [
                                    ("method", entry.method), ("path", entry.path), ("status", String(entry.status)),
                                    ("duration_ms", Self.milliseconds(entry.durationMs)), ("request_id", entry.requestID),
                                ])
                            }, bound: bound)
    }

    static func serverConfiguration(_ configuration: Configuration) -> ServerConfiguration {
        let limits = configuration.limits
        return ServerConfiguration(
            host: configuration.listen.host, port: configuration.listen.port,
            limits: HTTPLimits(maxBodyBytes: limits.maxBodyBytes, headerTimeoutMs: limits.headerTimeoutMs,
                               idleTimeoutMs: limits.idleTimeoutMs),
            // Every handler here does a few microseconds of parsing and encoding around its awaits
            // (on the writer or a reader, whose threads do the work), so it runs on the loop
            // thread and skips the pool's hops both ways.
            handlerExecution: .loop)
    }

    /// Recovers what a crash interrupted, binds, and starts serving and sending; returns the
    /// port (useful with port 0).
    public func start() async throws -> Int {
        for line in StartupReport.lines(configuration: configuration, ruleSet: autoReply.engine.ruleSet,
                                        rulesFolderExists: autoReply.folder.exists) {
            logger.log(line)
        }
        let now = clock()
        let recovered = try await store.recoverAfterRestart(now: now)
        try await autoReply.restoreLimits(from: store, now: now)
        try await forwarder.recover(now: now)
        if recovered > 0 {
            logger.warn("messages in flight at the last stop were queued again", [("count", String(recovered))])
        }
        let port: Int
        do {
            port = try server.start()
        } catch {
            throw ServiceError.cannotListen(ListenFailure(address: configuration.listen.description, error: error))
        }
        let dispatcher = dispatcher, forwarder = forwarder, reconciler = reconciler, groups = groups, pruner = pruner
        let store = store
        let watcher = RuleWatcher(autoReply: autoReply, clock: clock)
        // The one unstructured task of the service: it owns the background loops, and
        // `shutdown()` cancels and awaits it, so nothing outlives the service.
        background.withLock { task in
            task = Task {
                await withDiscardingTaskGroup { group in
                    group.addTask { await dispatcher.run() }
                    group.addTask { await forwarder.run() }
                    group.addTask { await reconciler.run() }
                    group.addTask { await watcher.run() }
                    group.addTask { await groups.run() }
                    group.addTask { await pruner.run() }
                    if let shared = store as? any StoreWakeups {
                        // Work another instance made due: look now rather than at the next poll.
                        group.addTask {
                            for await wakeup in shared.wakeups() {
                                switch wakeup {
                                case .outbox: dispatcher.wake()
                                case .forwards: forwarder.wake()
                                }
                            }
                        }
                    }
                }
            }
        }
        return port
    }

    /// SIGHUP: reload the rules folder (a bad set is refused and the active one stays).
    public func reloadRules() {
        autoReply.reload(reason: "SIGHUP")
    }

    /// Stops accepting, lets in-flight requests finish (up to `gracePeriodMs`), stops the
    /// background loops (requests to providers in flight finish and are recorded), then closes
    /// the database after its last queued write.
    public func shutdown(gracePeriodMs: Int = 10_000) async {
        await server.shutdown(gracePeriodMs: gracePeriodMs)
        let task = background.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        await store.close()
        claim?.release()
    }

    /// The composition root's one engine choice: the SQLite file at a path, or the PostgreSQL
    /// database at a URL; created or brought up to date.
    static func openStore(at database: DatabaseLocation, policy: DeliveryPolicy, dedupeWindow: Double,
                          forwarding: (any ForwardPlanner)?, lease: Double, durability: Durability,
                          perAccountPerMinute: Int) throws -> any Store {
        do {
            switch database {
            case .sqlite(let path):
                return try SQLiteStore.open(path: path, policy: policy, dedupeWindow: dedupeWindow, forwarding: forwarding,
                                            durability: durability)
            case .postgres(let url):
                // The account's pacing budget is kept in the database, for every instance at once;
                // the instance's name (as /health shows it) owns its leases.
                return try PostgresStore.open(url: url, policy: policy, dedupeWindow: dedupeWindow, forwarding: forwarding,
                                              lease: lease, pacing: perAccountPerMinute, instance: ServiceInstance.current)
            }
        } catch let error as PostgresError {
            // Its own line names the URL (redacted) already, or is the libpq one.
            if case .connect(let url, let reason) = error { throw ServiceError.database(path: url, reason: reason) }
            throw ServiceError.engine(error.description)
        } catch let error as PostgresStoreError {
            throw ServiceError.engine(error.description)
        } catch {
            throw ServiceError.database(path: database.description, reason: "\(error)")
        }
    }

    static func milliseconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
