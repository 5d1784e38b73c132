import Core
import Foundation
import HTTP
import JSON
import Storage

/// The operators' API (docs/api.md): sending, the outbox, inbound events, forwards to
/// applications, statistics and `/metrics`. A value holding its dependencies; `register(on:)`
/// adds its routes, each behind the admin token. Handlers never throw: every failure becomes
/// `{"ok":false,"error":"…"}` with its status (`AdminError`), storage failures a `503`.
public struct AdminAPI: Sendable {
    public let accounts: [Account]
    public let outbox: any OutboxStore
    public let events: any EventStore
    public let forwards: any ForwardStore
    /// The store's size and oldest rows, for `/metrics`.
    public let retention: any RetentionStore
    /// The configured subscriptions (`forward`), in configuration order.
    public let subscriptions: [SubscriptionSummary]
    public let metrics: Metrics
    public let clock: @Sendable () -> Double
    /// Called after messages were queued or re-queued, so the dispatcher looks at once.
    public let wakeDispatcher: @Sendable () -> Void
    /// Called after a message reached a final state (a cancel), a forward was retried or an
    /// event replayed, so the forwarder looks at once.
    public let wakeForwarder: @Sendable () -> Void
    /// The zone of `/api/stats` days (`timezone` in the configuration).
    public let timeZone: TimeZone
    let auth: AdminAuth
    let knownAccounts: AccountDirectory

    public init(
        accounts: [Account], outbox: any OutboxStore, events: any EventStore, forwards: any ForwardStore,
        retention: any RetentionStore, subscriptions: [SubscriptionSummary] = [], metrics: Metrics,
        clock: @escaping @Sendable () -> Double, wakeDispatcher: @escaping @Sendable () -> Void,
        timeZone: TimeZone, adminToken: Secret?, wakeForwarder: @escaping @Sendable () -> Void = {}
    ) {
        self.accounts = accounts
        self.outbox = outbox
        self.events = events
        self.forwards = forwards
        self.retention = retention
        self.subscriptions = subscriptions
        self.metrics = metrics
        self.clock = clock
        self.wakeDispatcher = wakeDispatcher
        self.wakeForwarder = wakeForwarder
        self.timeZone = timeZone
        auth = AdminAuth(token: adminToken)
        knownAccounts = AccountDirectory(accounts)
    }

    /// Adds every admin route; each one answers `401` without the admin token (when one is set).
    public func register(on router: inout Router) {
        let api = self
        let guarded = auth.guarding
        router.add(.post, "/api/send", guarded(JSONBody.required { await api.send($0) }))
        router.add(.get, "/api/messages", guarded { await api.listMessages($0) })
        router.add(.get, "/api/messages/{id}", guarded { await api.messageDetail($0) })
        router.add(.post, "/api/messages/{id}/retry", guarded { await api.retry($0) })
        router.add(.post, "/api/messages/{id}/cancel", guarded { await api.cancel($0) })
        router.add(.get, "/api/events", guarded { await api.listEvents($0) })
        router.add(.get, "/api/events/{id}", guarded { await api.eventDetail($0) })
        router.add(.post, "/api/events/{id}/replay", guarded(JSONBody.required { await api.replay($0) }))
        router.add(.get, "/api/subscriptions", guarded { await api.listSubscriptions($0) })
        router.add(.get, "/api/forwards", guarded { await api.listForwards($0) })
        router.add(.get, "/api/forwards/{id}", guarded { await api.forwardDetail($0) })
        router.add(.post, "/api/forwards/{id}/retry", guarded { await api.retryForward($0) })
        router.add(.get, "/api/stats", guarded { await api.stats($0) })
        router.add(.get, "/api/stats/series", guarded { await api.statsSeries($0) })
        router.add(.get, "/api/accounts", guarded { await api.listAccounts($0) })
        router.add(.get, "/metrics", guarded { await api.metricsText($0) })
    }

    /// Runs a handler body that reports failures as `AdminError`.
    func answer(_ body: () async throws(AdminError) -> HTTPResponse) async -> HTTPResponse {
        do {
            return try await body()
        } catch {
            return error.response
        }
    }

    /// A JSON answer. HTML-safe (`<` `>` `&` as \u escapes): message text is whatever customers
    /// typed, and the answer must stay inert even if something renders it as HTML.
    static func json(_ status: HTTPStatus, _ value: JSONValue) -> HTTPResponse {
        .json(status, JSON.serialize(value, htmlSafe: true))
    }
}
