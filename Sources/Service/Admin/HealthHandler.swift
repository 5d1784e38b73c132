import HTTP
import JSON
import SQLite

/// Outbox depth as `/health` reports it.
public struct QueueDepth: Sendable, Equatable {
    public var queued = 0
    public var sending = 0
    /// `accepted` + `echoed`: sent, waiting for the provider's final word.
    public var awaitingReceipt = 0
    public init(queued: Int = 0, sending: Int = 0, awaitingReceipt: Int = 0) {
        self.queued = queued
        self.sending = sending
        self.awaitingReceipt = awaitingReceipt
    }
}

/// `GET /health`: 200 `"status":"ok"` when the database takes a write, else 503 `"degraded"`.
struct HealthHandler: Sendable {
    let version: String
    let accountCount: Int
    let writer: DatabaseWriter
    let queueDepth: @Sendable () async throws -> QueueDepth
    let clock: @Sendable () -> Double

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let now = clock()
        var databaseStatus = "ok"
        do {
            try await writer.write { db in
                try db.run("INSERT OR REPLACE INTO health_probe (id, checked_at) VALUES (1, ?)", [.real(now)])
            }
        } catch {
            databaseStatus = StoreFailure.describe(error)
        }
        let depth = (try? await queueDepth()) ?? QueueDepth()
        let healthy = databaseStatus == "ok"
        let body: JSONValue = .object(JSONObject([
            ("status", .string(healthy ? "ok" : "degraded")),
            ("version", .string(version)),
            ("database", .string(databaseStatus)),
            ("accounts", .int(Int64(accountCount))),
            ("queue", .object(JSONObject([
                ("queued", .int(Int64(depth.queued))),
                ("sending", .int(Int64(depth.sending))),
                ("awaiting_receipt", .int(Int64(depth.awaitingReceipt))),
            ]))),
        ]))
        return .json(healthy ? .ok : .serviceUnavailable, JSON.serialize(body))
    }
}
