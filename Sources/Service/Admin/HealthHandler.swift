import HTTP
import JSON
import Storage
import Synchronization

/// `GET /health`: 200 `"status":"ok"` when the database takes a write, else 503 `"degraded"`.
/// It answers within `deadline` whatever the database does: a monitor must learn that writes
/// hang (a lock held elsewhere waits out the 5 s busy timeout) while they hang, not after.
final class HealthHandler: Sendable {
    let version: String
    /// This process among the instances that share a database (`ServiceInstance`).
    let instance: String
    /// The active rule set's hash: equal on instances that run the same rules.
    let rulesHash: @Sendable () -> String
    let accountCount: Int
    let store: any Store
    let clock: @Sendable () -> Double
    let deadline = 0.5
    /// The depth last read, reported when a read does not finish in time.
    private let lastDepth = Mutex(QueueDepth())
    /// The size and oldest rows last read, likewise.
    private let lastFootprint = Mutex<StoreFootprint?>(nil)

    init(version: String, instance: String, rulesHash: @escaping @Sendable () -> String, accountCount: Int,
         store: any Store, clock: @escaping @Sendable () -> Double) {
        self.version = version
        self.instance = instance
        self.rulesHash = rulesHash
        self.accountCount = accountCount
        self.store = store
        self.clock = clock
    }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let now = clock()
        let store = store
        async let written = withinDeadline(deadline) { () -> String in
            do {
                try await store.probe(now: now)
                return "ok"
            } catch {
                return StoreFailure.describe(error)
            }
        }
        async let read = withinDeadline(deadline) { try? await store.queueDepth() }
        async let measured = withinDeadline(deadline) { try? await store.footprint() }
        let databaseStatus = await written ?? "database did not take a write within \(Int(deadline * 1000)) ms"
        let depth: QueueDepth
        if let fresh = await read ?? nil {
            lastDepth.withLock { $0 = fresh }
            depth = fresh
        } else {
            depth = lastDepth.withLock { $0 }
        }
        let footprint: StoreFootprint?
        if let fresh = await measured ?? nil {
            lastFootprint.withLock { $0 = fresh }
            footprint = fresh
        } else {
            footprint = lastFootprint.withLock { $0 }
        }
        let healthy = databaseStatus == "ok"
        let body: JSONValue = .object(JSONObject([
            ("status", .string(healthy ? "ok" : "degraded")),
            ("version", .string(version)),
            ("instance", .string(instance)),
            ("rules_hash", .string(rulesHash())),
            ("database", .string(databaseStatus)),
            ("accounts", .int(Int64(accountCount))),
            ("queue", .object(JSONObject([
                ("queued", .int(Int64(depth.queued))),
                ("sending", .int(Int64(depth.sending))),
                ("awaiting_receipt", .int(Int64(depth.awaitingReceipt))),
            ]))),
            ("storage", Self.storage(footprint)),
        ]))
        return .json(healthy ? .ok : .serviceUnavailable, JSON.serialize(body))
    }

    /// `{"bytes":…,"oldest":{"events":…,"messages":…,"forwards":…}}`: Unix seconds, null for an
    /// empty table; all null when the store was never measured.
    static func storage(_ footprint: StoreFootprint?) -> JSONValue {
        let oldest = RetainedRows.allCases.map { rows in
            (rows.rawValue, footprint?.oldest[rows].map(JSONValue.double) ?? .null)
        }
        return .object(JSONObject([
            ("bytes", footprint.map { .int(Int64($0.bytes)) } ?? .null),
            ("oldest", .object(JSONObject(oldest))),
        ]))
    }
}
