import Core
import Delivery
import JSON
import SQLite

/// A message's delivery as the writer loads it to apply one event: only what an event can
/// change (no items, no target). `apply` runs the state machine and persists its result — the
/// record, its column copies, the new timeline rows and the new correlation ids — on the
/// caller's connection, inside the caller's transaction.
struct DeliveryRow {
    /// `messages.seq`: the row, for the UPDATE.
    let seq: Int64
    let id: String
    let provider: Provider
    let account: String
    private(set) var record: DeliveryRecord
    private(set) var timelineLength: Int
    private var deliveredAt: Double?

    typealias Learned = LearnedIDs

    static func load(id: String, db: Connection) throws -> DeliveryRow? {
        try db.queryOne("SELECT \(columns) FROM messages WHERE id = ?", [.text(id)]).map(DeliveryRow.init(row:))
    }

    /// The delivery of the message an `api_send_id` names (one lookup, for the callback path).
    static func load(apiSendID: String, db: Connection) throws -> DeliveryRow? {
        try db.queryOne("""
            SELECT \(columns) FROM correlations JOIN messages ON messages.id = correlations.message_id
            WHERE correlations.kind = 'api_send_id' AND correlations.id = ?
            """, [.text(apiSendID)]).map(DeliveryRow.init(row:))
    }

    /// The delivery of the message a provider id (`api_send_svrid`) names.
    static func load(providerID: String, db: Connection) throws -> DeliveryRow? {
        try db.queryOne("""
            SELECT \(columns) FROM correlations JOIN messages ON messages.id = correlations.message_id
            WHERE correlations.kind = 'api_send_svrid' AND correlations.id = ?
            """, [.text(providerID)]).map(DeliveryRow.init(row:))
    }

    private static let columns = """
        messages.id, messages.provider, messages.account, messages.record, messages.timeline_length, \
        messages.delivered_at, messages.seq
        """

    private init(row: Row) throws {
        let id = row.string(0) ?? "?"
        guard let provider = row.string(1).flatMap(Provider.init(rawValue:)), let account = row.string(2),
              let text = row.string(3), let length = row.int(4), let seq = row.int64(6)
        else { throw OutboxError.corruptRow(messageID: id, reason: "provider, account, record or timeline_length unreadable") }
        do {
            record = try RecordCoding.decode(text)
        } catch {
            throw OutboxError.corruptRow(messageID: id, reason: error.description)
        }
        self.seq = seq
        self.id = id
        self.provider = provider
        self.account = account
        self.timelineLength = length
        self.deliveredAt = row.double(5)
    }

    /// Applies `event` and writes the outcome. A refusal throws `OutboxError.refused` and
    /// changes nothing. Returns the rows the event produced and the ids it taught.
    @discardableResult
    mutating func apply(
        _ event: DeliveryEvent, at time: Double, policy: DeliveryPolicy, db: Connection
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
        try save(rows, before: before, db: db)
        return (rows, learned)
    }

    private mutating func save(_ rows: [TimelineEntry], before: DeliveryRecord, db: Connection) throws {
        for row in rows {
            timelineLength += 1
            try db.run(
                "INSERT INTO timeline (message_id, seq, time, from_state, to_state, cause) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(id), .integer(Int64(timelineLength)), .real(row.time), SQLValue(row.from?.rawValue),
                 .text(row.to.rawValue), .text(row.cause)])
            if row.to == .delivered && row.from != .delivered { deliveredAt = row.time }
        }
        if record.state != .delivered { deliveredAt = nil }
        let accepted = record.attempts.last { $0.outcome == .accepted || $0.outcome == .sent }
        var arguments: [SQLValue] = [
            .text(record.state.rawValue), .text(RecordCoding.encode(record)), SQLValue(record.nextActionAt),
            .real(record.updatedAt), SQLValue(record.error), .integer(Int64(record.attempts.count)),
            .text(DeliveryColumns.providerIDsText(record.providerIDs)), SQLValue(record.attempts.first?.startedAt),
            SQLValue(accepted?.answeredAt), SQLValue(deliveredAt), .integer(Int64(timelineLength)),
        ]
        // The timer columns are set only when they change: SQLite rewrites an index entry for every
        // column an UPDATE names, changed or not, and an echo must not move `awaiting_since`.
        let awaiting = DeliveryColumns.awaitingSince(record)
        let awaitingChanged = awaiting != DeliveryColumns.awaitingSince(before)
        if awaitingChanged { arguments.append(SQLValue(awaiting)) }
        let confirm = DeliveryColumns.confirmAt(record)
        let confirmChanged = confirm != DeliveryColumns.confirmAt(before)
        if confirmChanged { arguments.append(SQLValue(confirm)) }
        arguments.append(.integer(seq))
        try db.run(Self.update[(awaitingChanged ? 1 : 0) + (confirmChanged ? 2 : 0)], arguments)
        if record.state != before.state {
            try db.run("""
                UPDATE message_counts SET count = count + CASE state WHEN ? THEN 1 ELSE -1 END WHERE state IN (?, ?)
                """, [.text(record.state.rawValue), .text(record.state.rawValue), .text(before.state.rawValue)])
        }
    }

    /// The UPDATE of a saved record, without or with `awaiting_since` (1) and `confirm_at` (2).
    private static let update: [String] = (0..<4).map { variant in
        var sql = """
            UPDATE messages SET state = ?, record = ?, next_action_at = ?, updated_at = ?, error = ?, attempts = ?,
                provider_ids = ?, first_started_at = ?, accepted_at = ?, delivered_at = ?, timeline_length = ?
            """
        if variant & 1 != 0 { sql += ", awaiting_since = ?" }
        if variant & 2 != 0 { sql += ", confirm_at = ?" }
        return sql + " WHERE seq = ?"
    }

    /// Counts a new message in `message_counts`.
    static func countNew(_ state: DeliveryState, db: Connection) throws {
        try db.run("UPDATE message_counts SET count = count + 1 WHERE state = ?", [.text(state.rawValue)])
    }

    /// Adds correlation rows for every `api_send_id` of a new attempt and every provider id that
    /// became known. An `api_send_id` already used by any message is refused: callbacks must
    /// name exactly one item.
    private func indexIDs(before: DeliveryRecord, after: DeliveryRecord, db: Connection) throws -> Learned {
        var learned = Learned()
        for (attemptIndex, attempt) in after.attempts.enumerated() {
            let old = attemptIndex < before.attempts.count ? before.attempts[attemptIndex] : nil
            for (itemIndex, item) in attempt.items.enumerated() {
                let oldItem = old.map { $0.items[itemIndex] }
                var key: [SQLValue] { [.text(id), .integer(Int64(attempt.number)), .integer(Int64(itemIndex))] }
                if oldItem == nil {
                    try db.run("""
                        INSERT OR IGNORE INTO correlations (kind, id, message_id, attempt, item)
                        VALUES ('api_send_id', ?, ?, ?, ?)
                        """, [.text(item.apiSendID)] + key)
                    guard db.changes == 1 else {
                        throw OutboxError.refused(messageID: id, .apiSendIDNotFresh(item.apiSendID))
                    }
                    learned.apiSendIDs.append(item.apiSendID)
                }
                if let providerID = item.providerID, providerID != oldItem?.providerID {
                    // The latest attempt to report an id owns it.
                    try db.run("""
                        INSERT OR REPLACE INTO correlations (kind, id, message_id, attempt, item)
                        VALUES ('api_send_svrid', ?, ?, ?, ?)
                        """, [.text(providerID)] + key)
                    learned.providerIDs.append(providerID)
                }
            }
        }
        return learned
    }
}
