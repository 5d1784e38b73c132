import Configuration
import Core
import Delivery
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTP
import JSON
import Server
import Storage
import Synchronization
import TestSupport
import Testing
@testable import Service

/// The admin API on the real HTTP server (port 0) over its own SQLite file, with a clock the test
/// sets and a count of dispatcher wake-ups. Every answer it sees is checked for the configured
/// secrets, so each test also proves that none leaks.
struct AdminServer: Sendable {
    static let t0 = 1_763_700_000.0
    static let token = "adm-\(UUID().uuidString)"
    static let botSecret = "bot-\(UUID().uuidString)"
    static let accessToken = "yzj-\(UUID().uuidString)"
    static let callbackToken = "cb-\(UUID().uuidString)"
    static let gowechatToken = "gw-\(UUID().uuidString)"
    static let wecomKey = "wk-\(UUID().uuidString)"
    /// The secret of the test subscriptions' planner (`ForwardTestPlanner`), which no answer may show.
    static let subscriptionSecret = "whsec-\(UUID().uuidString)"
    static var secrets: [String] {
        [token, botSecret, accessToken, callbackToken, gowechatToken, wecomKey, subscriptionSecret]
    }

    static let accounts = [
        Account(name: "shop", baseURL: "http://127.0.0.1:9", credentials: .botadmin(secret: Secret(botSecret))),
        Account(name: "sales", baseURL: "http://127.0.0.1:9",
                credentials: .yunzhenji(appID: "app", accessToken: Secret(accessToken), wxid: "16xxx",
                                        callbackToken: Secret(callbackToken))),
        Account(name: "home", baseURL: "http://127.0.0.1:9", credentials: .gowechat(token: Secret(gowechatToken))),
        Account(name: "ops", baseURL: "http://127.0.0.1:9", credentials: .wecom(key: Secret(wecomKey))),
    ]

    let folder: String
    let outbox: any Store
    let metrics: Metrics
    let clock: AdminTestClock
    let wakes: WakeCount
    /// How often the API woke the forwarder.
    let forwarderWakes: WakeCount
    let server: HTTPServer
    let base: String
    /// The token requests carry unless told otherwise.
    let defaultToken: String?

    /// `adminToken` nil runs the API open (no token configured).
    static func with<T>(
        adminToken: String? = AdminServer.token, timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!,
        forwarding: (any ForwardPlanner)? = nil, subscriptions: [SubscriptionSummary] = [],
        _ body: (AdminServer) async throws -> T
    ) async throws -> T {
        // A live server: it takes its share of the machine (see `LoadLimit`).
        try await LoadLimit.run(.one) {
            let server = try start(adminToken: adminToken, timeZone: timeZone, forwarding: forwarding,
                                   subscriptions: subscriptions)
            do {
                let result = try await body(server)
                await server.stop()
                return result
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    static func start(
        adminToken: String?, timeZone: TimeZone, forwarding: (any ForwardPlanner)? = nil,
        subscriptions: [SubscriptionSummary] = []
    ) throws -> AdminServer {
        let folder = NSTemporaryDirectory() + "wxhook-admin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/wxhook.sqlite"
        let outbox = try SQLiteStore.open(path: path, dedupeWindow: 300, forwarding: forwarding)
        let metrics = Metrics()
        let clock = AdminTestClock(t0)
        let wakes = WakeCount()
        let forwarderWakes = WakeCount()
        let api = AdminAPI(
            accounts: accounts, outbox: outbox, events: outbox, forwards: outbox, retention: outbox,
            subscriptions: subscriptions,
            metrics: metrics, clock: { clock.now }, wakeDispatcher: { wakes.add() }, timeZone: timeZone,
            adminToken: adminToken.map(Secret.init), wakeForwarder: { forwarderWakes.add() })
        var router = Router()
        api.register(on: &router)
        let routes = router
        let server = HTTPServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, limits: HTTPLimits()),
            handler: { await routes.handle($0) },
            accessLog: { entry in metrics.recordRequest(pattern: routes.pattern(forPath: entry.path), status: entry.status) })
        let port = try server.start()
        return AdminServer(folder: folder, outbox: outbox, metrics: metrics, clock: clock,
                           wakes: wakes, forwarderWakes: forwarderWakes, server: server, base: "http://127.0.0.1:\(port)", defaultToken: adminToken)
    }

    func stop() async {
        await server.shutdown(gracePeriodMs: 2000)
        await outbox.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    /// Sends a request with URLSession. `token`: `.some(nil)` sends no Authorization header.
    func request(
        _ method: String, _ path: String, body: String? = nil, token: String?? = nil,
        headers: [String: String] = [:]
    ) async throws -> AdminAnswer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let bearer = token ?? defaultToken { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)".lowercased()] = "\(value)" }
        let answer = AdminAnswer(status: http.statusCode, body: [UInt8](data), headers: fields)
        for secret in Self.secrets {
            #expect(!answer.text.contains(secret), "\(method) \(path) answered with a configured secret")
        }
        return answer
    }

    func get(_ path: String, token: String?? = nil) async throws -> AdminAnswer {
        try await request("GET", path, token: token)
    }

    func post(_ path: String, _ body: String? = nil, token: String?? = nil, headers: [String: String] = [:])
        async throws -> AdminAnswer
    {
        try await request("POST", path, body: body, token: token, headers: headers)
    }

    /// Enqueues one message straight into the outbox at the clock's time.
    @discardableResult
    func enqueue(
        provider: Provider = .yunzhenji, account: String = "sales", conversation: String = "7xxx",
        items: [MessageItem] = [.text("您好")]
    ) async throws -> OutboxMessage {
        let new = NewOutboxMessage(provider: provider, account: account, conversation: conversation, items: items)
        guard case .created(let messages) = try await outbox.enqueue([new], now: clock.now) else {
            throw AdminTestFailure("enqueue created nothing")
        }
        return try #require(messages.first)
    }

    /// Runs one attempt of a queued message to the provider's answer.
    @discardableResult
    func answer(_ message: OutboxMessage, with event: DeliveryEvent, after seconds: Double = 0.2)
        async throws -> OutboxMessage
    {
        let ids = message.items.indices.map { _ in "api-\(UUID().uuidString)" }
        _ = try await outbox.startAttempt(messageID: message.id, apiSendIDs: ids, now: clock.now)
        return try await outbox.recordAnswer(messageID: message.id, event: event, now: clock.now + seconds)
    }

    /// How many messages the outbox holds.
    func messageCount() async throws -> Int {
        try await outbox.list(limit: 0).total
    }
}

/// An answer as URLSession saw it.
struct AdminAnswer: Sendable {
    let status: Int
    let body: [UInt8]
    let headers: [String: String]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue { (try? JSON.parse(body)) ?? .null }
    /// `error` of `{"ok":false,"error":"…"}`, or nil when the answer is not that shape.
    var error: String? {
        guard json["ok"] == .bool(false), case .string(let message)? = json["error"] else { return nil }
        return message
    }
    var items: [JSONValue] { json["items"]?.arrayValue ?? [] }
}

/// A clock the test moves.
final class AdminTestClock: Sendable {
    private let value: Mutex<Double>
    init(_ start: Double) { value = Mutex(start) }
    var now: Double { value.withLock { $0 } }
    func set(_ time: Double) { value.withLock { $0 = time } }
    func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
}

/// How often the API woke the dispatcher.
final class WakeCount: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

struct AdminTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
