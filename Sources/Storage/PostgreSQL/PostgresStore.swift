import Core
import Delivery
import Foundation
import PostgreSQL
import Synchronization

/// The store in a PostgreSQL database that several wxhook instances may share.
///
/// Unlike the SQLite engine there is no single writer: every call is a transaction of its own on
/// one of the client's connections, and what one instance guarantees holds across instances
/// through the database itself — unique keys for dedupe and idempotency, row locks for a
/// message's delivery, `FOR UPDATE SKIP LOCKED` for timers and leases, and a lease on every
/// `sending` message and `delivering` forward so a dead instance's work is taken over but a live
/// one's never is. Transactions that correlate callbacks with attempts run SERIALIZABLE (a
/// callback and the attempt it names may commit at the same moment on two instances); a
/// serialization failure or deadlock retries the whole transaction, and is never the caller's.
public final class PostgresStore: Store, Sendable {
    let client: PostgresClient
    /// The `delivery` settings every event is applied with.
    let policy: DeliveryPolicy
    /// `dedupe_window_s`: how long an identical body counts as a redelivery.
    let dedupeWindow: Double
    /// Which forwards an event or a message's final state gets; nil: none (no subscriptions).
    let forwarding: (any ForwardPlanner)?
    /// `lease_s`: how long a send or forward in flight stays this instance's without a renewal.
    let lease: Double
    /// `pacing.per_account_per_minute`, enforced across instances when attempts start; nil: the
    /// caller paces.
    let pacingLimit: Int?
    /// This instance's name in `lease_owner`: unique among the instances (by default host, pid and
    /// a random part, new with every open).
    let instance: String
    let url: PostgresURL
    /// The `LISTEN` side of wake-ups between instances (`wakeups()`).
    let listener: PostgresWakeups
    /// Ingests waiting to commit together (group commit).
    let ingests: PostgresIngestQueue
    /// Whether `q` of the events' list has its trigram index (`PostgresTextIndex`).
    public let textSearch: TextSearch

    init(client: PostgresClient, url: PostgresURL, policy: DeliveryPolicy, dedupeWindow: Double,
         forwarding: (any ForwardPlanner)?, lease: Double, pacing: Int?, instance: String,
         ingestGroups: Int = 1, textSearch: TextSearch) {
        self.client = client
        self.url = url
        self.policy = policy
        self.dedupeWindow = dedupeWindow
        self.forwarding = forwarding
        self.lease = lease
        self.pacingLimit = pacing
        self.instance = instance
        self.textSearch = textSearch
        self.listener = PostgresWakeups(url: url)
        self.ingests = PostgresIngestQueue(maxGroups: ingestGroups)
    }

    /// Connects, brings the schema up to date (the first instance migrates, the others wait for
    /// it) and opens `connections` connections. `lease` is `lease_s`; `pacing` is
    /// `pacing.per_account_per_minute`: an attempt that would exceed its account's budget,
    /// counted over every instance, is refused (`OutboxError.paced`), nil leaves pacing to the
    /// caller. `durability` `full` commits with the server's synchronous commit (PostgreSQL's
    /// default: flushed to its WAL before COMMIT returns); `process` turns `synchronous_commit` off
    /// on the store's connections, so a crash of the server (not of wxhook) may lose the last
    /// writes. Throws `PostgresError` (unreachable, refused, libpq missing) or
    /// `PostgresStoreError.schemaTooNew`.
    public static func open(
        url: PostgresURL, policy: DeliveryPolicy = DeliveryPolicy(), dedupeWindow: Double,
        forwarding: (any ForwardPlanner)? = nil, lease: Double = 30, pacing: Int? = nil, instance: String? = nil,
        connections: Int = 8, durability: Durability = .full
    ) throws -> PostgresStore {
        try PostgresSchema.migrate(url: url)
        let textSearch = try PostgresTextIndex.prepare(url: url)
        let client = try PostgresClient(url: url, connections: max(1, connections),
                                        synchronousCommit: durability == .full)
        return PostgresStore(client: client, url: url, policy: policy, dedupeWindow: dedupeWindow,
                             forwarding: forwarding, lease: max(1, lease), pacing: pacing.map { max(1, $0) },
                             instance: instance ?? Self.newInstanceName(),
                             ingestGroups: Self.ingestGroups(connections: connections), textSearch: textSearch)
    }

    /// How many ingest groups commit at once: two keep the database busy (one group is written
    /// while the other's COMMIT flushes), and the other connections stay free for sends, timers
    /// and the API.
    static func ingestGroups(connections: Int) -> Int { connections >= 4 ? 2 : 1 }

    static func newInstanceName() -> String {
        let host = ProcessInfo.processInfo.hostName
        return "\(host)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"
    }

    public func close() async {
        listener.stop()
        await client.close()
    }

    public func probe(now: Double) async throws {
        _ = try await write { db in
            try db.query("""
                INSERT INTO health_probe (instance, checked_at) VALUES ($1, $2)
                ON CONFLICT (instance) DO UPDATE SET checked_at = excluded.checked_at
                """, [.text(self.instance), .double(now)])
        }
    }

    // MARK: Transactions

    /// How many times a transaction runs before a serialization failure or deadlock is the
    /// caller's after all (the client retries a few times itself; contention between instances
    /// can take more).
    static let conflictRetries = 12

    /// Runs `body` in one transaction, READ COMMITTED, or SERIALIZABLE when it correlates
    /// callbacks with attempts. The whole body runs again after a serialization failure or a
    /// deadlock, so it must not keep state between runs.
    func write<T: Sendable>(
        serializable: Bool = false, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await client.transaction { db in
                    if serializable { try db.query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE") }
                    return try body(db)
                }
            } catch let error as PostgresError where error.isConflict && attempt < Self.conflictRetries {
                attempt += 1
                // Both sides of a conflict retry: a little jitter keeps them from meeting again.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
    }

    /// Runs `body` in one read-only snapshot: a page and its total, a day's counts and the next
    /// day's, agree with each other.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await client.transaction { db in
            try db.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return try body(db)
        }
    }

    /// Loads a message's delivery for a write, its row locked, or throws `messageNotFound`.
    func delivery(_ id: String, db: PostgresConnection) throws -> PostgresDeliveryRow {
        guard let row = try PostgresDeliveryRow.load(id: id, db: db) else { throw OutboxError.messageNotFound(id) }
        return row
    }

    /// Loads the whole message after a write, or throws `messageNotFound`.
    func message(_ id: String, db: PostgresConnection) throws -> OutboxMessage {
        guard let message = try OutboxMessage.load(id: id, db: db) else { throw OutboxError.messageNotFound(id) }
        return message
    }
}

extension PostgresError {
    /// Two transactions met: SERIALIZABLE could not order them, or they locked in opposite
    /// orders. Running the loser again is always right.
    var isConflict: Bool {
        if case .server(let state, _, _) = self { return state == "40001" || state == "40P01" }
        return false
    }
}
