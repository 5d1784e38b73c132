import Core
import Delivery
import SQLite

// A forward as the `forwards` table keeps it.
extension Forward {
    static let columns = """
        id, subscription, type, event_id, message_id, provider, account, conversation, state, attempts, \
        next_attempt_at, created_at, updated_at, last_status, last_error, body, reply_error, rule, reply_by
        """

    init(row: Row) throws {
        let id = row.string(0) ?? "?"
        guard let subscription = row.string(1), let type = row.string(2).flatMap(ForwardType.init(rawValue:)),
              let provider = row.string(5).flatMap(Provider.init(rawValue:)), let account = row.string(6),
              let conversation = row.string(7), let state = row.string(8).flatMap(ForwardState.init(rawValue:)),
              let attempts = row.int(9), let createdAt = row.double(11), let updatedAt = row.double(12)
        else { throw ForwardError.corruptRow(forwardID: id, reason: "a required column is unreadable") }
        self.init(id: id, subscription: subscription, type: type, eventID: row.string(3), messageID: row.string(4),
                  provider: provider, account: account, conversation: conversation, state: state, attempts: attempts,
                  nextAttemptAt: row.double(10), createdAt: createdAt, updatedAt: updatedAt, lastStatus: row.int(13),
                  lastError: row.string(14), body: row.bytes(15) ?? [], replyError: row.string(16),
                  rule: row.string(17), replyBy: row.double(18))
    }

    static func load(id: String, db: Connection) throws -> Forward? {
        try db.queryOne("SELECT \(columns) FROM forwards WHERE id = ?", [.text(id)]).map(Forward.init(row:))
    }
}

extension ForwardAttempt {
    init(row: Row) {
        self.init(attempt: row.int(0) ?? 0, startedAt: row.double(1) ?? 0, durationMs: row.double(2),
                  status: row.int(3), error: row.string(4), answer: row.string(5))
    }
}

extension SQLiteStore {
    /// One forward as the forwarder and the admin API see it, its body built from its event when
    /// the row stores none.
    func loadForward(id: String, db: Connection) throws -> Forward? {
        try Forward.load(id: id, db: db).map { try withBody($0, db: db) }
    }

    /// `forward` with its body: built from its event when the row stores none. The event outlives
    /// such a forward (retention keeps it), so it is found.
    func withBody(_ forward: Forward, db: Connection) throws -> Forward {
        guard forward.bodyIsTheEvents, let eventID = forward.eventID, let row = try db.queryOne("""
            SELECT id, provider, account, kind, conversation, sender, text, is_self, is_group, message_id,
                   received_at, raw
            FROM events WHERE id = ?
            """, [.text(eventID)]) else { return forward }
        var built = forward
        built.buildBody(from: Self.storedEvent(row: row), raw: row.bytes(11) ?? [], planner: forwarding)
        return built
    }
}
