import Core
import Delivery
import PostgreSQL

/// A message's delivery as a write loads it to apply one event, its row locked until the
/// transaction ends (another instance applying a callback to the same message waits, then sees
/// this one's outcome). `apply` runs the state machine and persists its result — the record, its
/// column copies, the new timeline rows and the new correlation ids — in the caller's transaction.
struct PostgresDeliveryRow {
    let id: String
    let provider: Provider
    let account: String
    private(set) var record: DeliveryRecord
    private(set) var timelineLength: Int
    private var deliveredAt: Double?

    typealias Learned = LearnedIDs

    static func load(id: String, db: PostgresConnection) throws -> PostgresDeliveryRow? {
        try db.query("SELECT \(columns) FROM messages WHERE id = $1 FOR UPDATE", [.text(id)]).first
            .map(PostgresDeliveryRow.init(row:))
    }

    /// The delivery of the message a callback id names: `api_send_id` or `api_send_svrid`.
    static func load(correlation kind: String, id: String, db: PostgresConnection) throws -> PostgresDeliveryRow? {
        try db.query("""
            SELECT \(columns) FROM correlations JOIN messages ON messages.id = correlations.message_id
            WHERE correlations.kind = $1 AND correlations.id = $2 FOR UPDATE OF messages
            """, [.text(kind), .text(id)]).first.map(PostgresDeliveryRow.init(row:))
    }

    private static let columns = """
        messages.id, messages.provider, messages.account, messages.record, messages.timeline_length, \
        messages.delivered_at
        """

    private init(row: PostgresRow) throws {
        let id = row.text(0) ?? "?"
        guard let provider = row.text(1).flatMap(Provider.init(rawValue:)), let account = row.text(2),
              let text = row.text(3), let length = row.int(4)
        else { throw OutboxError.corruptRow(messageID: id, reason: "provider, account, record or timeline_length unreadable") }
        do {
            record = try RecordCoding.decode(text)
        } catch {
            throw OutboxError.corruptRow(messageID: id, reason: error.description)
        }
        self.id = id
        self.provider = provider
        self.account = account
        self.timelineLength = length
        self.deliveredAt = row.double(5)
    }

    /// Applies `event` and writes the outcome; `lease` is the owner and end of the lease when the
    /// event starts an attempt (nil clears it once the message leaves `sending`). A refusal throws
    /// `OutboxError.refused` and changes nothing.
    @discardableResult
    mutating func apply(
        _ event: DeliveryEvent, at time: Double, policy: DeliveryPolicy, lease: (owner: String, until: Double)?,
        db: PostgresConnection
    ) throws -> (rows: [TimelineEntry], learned: Learned) {
        let before = record
        var after = record
        let rows: [TimelineEntry]
        do {
            rows = try after.apply(event, at: time, policy: policy)
        } catch {
            throw OutboxError.refused(messageID: id, error)
        }
        if rows.isEmpty && after == before { return ([], Learned()) }
        let learned = try indexIDs(before: before, after: after, db: db)
        record = after
        try save(rows, lease: lease, db: db)
        return (rows, learned)
    }

    private mutating func save(_ rows: [TimelineEntry], lease: (owner: String, until: Double)?,
                               db: PostgresConnection) throws {
        for row in rows {
            timelineLength += 1
            try db.query(
                "INSERT INTO timeline (message_id, seq, time, from_state, to_state, cause) VALUES ($1, $2, $3, $4, $5, $6)",
                [.text(id), .int(Int64(timelineLength)), .double(row.time), PostgresValue(row.from?.rawValue),
                 .text(row.to.rawValue), .text(row.cause)])
            if row.to == .delivered && row.from != .delivered { deliveredAt = row.time }
        }
        if record.state != .delivered { deliveredAt = nil }
        let accepted = record.attempts.last { $0.outcome == .accepted || $0.outcome == .sent }
        // A message keeps its lease only while it is `sending`; an event that leaves it there
        // (a callback during the send) keeps the lease as it is.
        let keepLease = record.state == .sending && lease == nil
        try db.query("""
            UPDATE messages SET state = $1, record = $2, next_action_at = $3, updated_at = $4, error = $5,
                attempts = $6, provider_ids = $7, first_started_at = $8, accepted_at = $9, delivered_at = $10,
                timeline_length = $11, awaiting_since = $12, confirm_at = $13,
                lease_owner = CASE WHEN $14 THEN lease_owner ELSE $15 END,
                lease_until = CASE WHEN $14 THEN lease_until ELSE $16 END
            WHERE id = $17
            """, [
                .text(record.state.rawValue), .text(RecordCoding.encode(record)), PostgresValue(record.nextActionAt),
                .double(record.updatedAt), PostgresValue(record.error), .int(Int64(record.attempts.count)),
                .text(DeliveryColumns.providerIDsText(record.providerIDs)), PostgresValue(record.attempts.first?.startedAt),
                PostgresValue(accepted?.answeredAt), PostgresValue(deliveredAt), .int(Int64(timelineLength)),
                PostgresValue(DeliveryColumns.awaitingSince(record)), PostgresValue(DeliveryColumns.confirmAt(record)),
                .bool(keepLease), PostgresValue(record.state == .sending ? lease?.owner : nil),
                PostgresValue(record.state == .sending ? lease?.until : nil), .text(id),
            ])
    }

    /// Adds correlation rows for every `api_send_id` of a new attempt and every provider id that
    /// became known. An `api_send_id` already used by any message is refused: callbacks must name
    /// exactly one item.
    private func indexIDs(before: DeliveryRecord, after: DeliveryRecord, db: PostgresConnection) throws -> Learned {
        var learned = Learned()
        for (attemptIndex, attempt) in after.attempts.enumerated() {
            let old = attemptIndex < before.attempts.count ? before.attempts[attemptIndex] : nil
            for (itemIndex, item) in attempt.items.enumerated() {
                let oldItem = old.map { $0.items[itemIndex] }
                let key: [PostgresValue] = [.text(id), .int(Int64(attempt.number)), .int(Int64(itemIndex))]
                if oldItem == nil {
                    let inserted = try db.query("""
                        INSERT INTO correlations (kind, id, message_id, attempt, item)
                        VALUES ('api_send_id', $1, $2, $3, $4) ON CONFLICT (kind, id) DO NOTHING
                        """, [.text(item.apiSendID)] + key)
                    guard inserted.affected == 1 else {
                        throw OutboxError.refused(messageID: id, .apiSendIDNotFresh(item.apiSendID))
                    }
                    learned.apiSendIDs.append(item.apiSendID)
                }
                if let providerID = item.providerID, providerID != oldItem?.providerID {
                    // The latest attempt to report an id owns it.
                    try db.query("""
                        INSERT INTO correlations (kind, id, message_id, attempt, item)
                        VALUES ('api_send_svrid', $1, $2, $3, $4)
                        ON CONFLICT (kind, id) DO UPDATE SET message_id = excluded.message_id,
                            attempt = excluded.attempt, item = excluded.item
                        """, [.text(providerID)] + key)
                    learned.providerIDs.append(providerID)
                }
            }
        }
        return learned
    }
}
