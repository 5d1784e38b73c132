import Core
import Delivery
import PostgreSQL

// Messages and forwards read back from their rows.
enum PostgresColumns {
    /// The columns `OutboxMessage(postgres:)` reads, in its order.
    static let message =
        "id, provider, account, conversation, chat, items, origin, rule, in_reply_to, created_at, record"
    /// How many columns `message` names: a query may select more after them.
    static let messageCount = 11
    /// The columns `Forward(postgres:)` reads, in its order.
    static let forward = """
        id, subscription, type, event_id, message_id, provider, account, conversation, state, attempts, \
        next_attempt_at, created_at, updated_at, last_status, last_error, body, reply_error, rule, reply_by
        """
}

extension OutboxMessage {
    init(postgres row: PostgresRow) throws {
        let id = row.text(0) ?? "?"
        func corrupt(_ reason: String) -> OutboxError { .corruptRow(messageID: id, reason: reason) }
        guard let provider = row.text(1).flatMap(Provider.init(rawValue:)) else { throw corrupt("unknown provider") }
        guard let chat = row.text(4).flatMap(ChatKind.init(rawValue:)) else { throw corrupt("unknown chat") }
        guard let account = row.text(2), let conversation = row.text(3), let createdAt = row.double(9),
              let itemsText = row.text(5), let recordText = row.text(10)
        else { throw corrupt("a required column is NULL") }
        let origin: MessageOrigin
        switch row.text(6) {
        case "api": origin = .api
        case "rule": origin = .rule(name: row.text(7) ?? "", inReplyTo: row.text(8))
        default: throw corrupt("unknown origin")
        }
        let items: [MessageItem]
        let record: DeliveryRecord
        do {
            items = try Self.decodeItems(itemsText)
            record = try RecordCoding.decode(recordText)
        } catch {
            throw corrupt("\(error)")
        }
        self.init(id: id, provider: provider, account: account, conversation: conversation, chat: chat,
                  items: items, origin: origin, createdAt: createdAt, record: record)
    }

    static func load(id: String, db: PostgresConnection) throws -> OutboxMessage? {
        try db.query("SELECT \(PostgresColumns.message) FROM messages WHERE id = $1", [.text(id)]).first
            .map(OutboxMessage.init(postgres:))
    }
}

extension Forward {
    init(postgres row: PostgresRow) throws {
        let id = row.text(0) ?? "?"
        guard let subscription = row.text(1), let type = row.text(2).flatMap(ForwardType.init(rawValue:)),
              let provider = row.text(5).flatMap(Provider.init(rawValue:)), let account = row.text(6),
              let conversation = row.text(7), let state = row.text(8).flatMap(ForwardState.init(rawValue:)),
              let attempts = row.int(9), let createdAt = row.double(11), let updatedAt = row.double(12)
        else { throw ForwardError.corruptRow(forwardID: id, reason: "a required column is unreadable") }
        self.init(id: id, subscription: subscription, type: type, eventID: row.text(3), messageID: row.text(4),
                  provider: provider, account: account, conversation: conversation, state: state, attempts: attempts,
                  nextAttemptAt: row.double(10), createdAt: createdAt, updatedAt: updatedAt, lastStatus: row.int(13),
                  lastError: row.text(14), body: row.bytes(15) ?? [], replyError: row.text(16),
                  rule: row.text(17), replyBy: row.double(18))
    }

    /// Loads one forward; `locked` holds its row until the transaction ends.
    static func load(id: String, locked: Bool = false, db: PostgresConnection) throws -> Forward? {
        try db.query("SELECT \(PostgresColumns.forward) FROM forwards WHERE id = $1\(locked ? " FOR UPDATE" : "")",
                     [.text(id)]).first.map(Forward.init(postgres:))
    }
}

extension ForwardAttempt {
    init(postgres row: PostgresRow) {
        self.init(attempt: row.int(0) ?? 0, startedAt: row.double(1) ?? 0, durationMs: row.double(2),
                  status: row.int(3), error: row.text(4), answer: row.text(5))
    }
}

extension StoredEvent {
    /// The columns `StoredEvent(postgres:)` reads, in its order.
    static let postgresColumns =
        "id, provider, account, kind, conversation, sender, text, is_self, is_group, message_id, received_at"

    init(postgres row: PostgresRow) {
        self.init(
            id: row.text(0) ?? "", provider: row.text(1) ?? "", account: row.text(2) ?? "",
            kind: row.text(3) ?? "", conversation: row.text(4), sender: row.text(5), text: row.text(6),
            isSelf: row.bool(7) ?? false, isGroup: row.bool(8), messageID: row.text(9),
            receivedAt: row.double(10) ?? 0)
    }
}

extension PostgresStore {
    /// One forward as the forwarder and the admin API see it, its body built from its event when
    /// the row stores none.
    func loadForward(id: String, db: PostgresConnection) throws -> Forward? {
        try Forward.load(id: id, db: db).map { try withBody($0, db: db) }
    }

    /// `forward` with its body: built from its event when the row stores none. The event outlives
    /// such a forward (retention keeps its body first), so it is found.
    func withBody(_ forward: Forward, db: PostgresConnection) throws -> Forward {
        guard forward.bodyIsTheEvents, let eventID = forward.eventID, let row = try db.query(
            "SELECT \(StoredEvent.postgresColumns), raw FROM events WHERE id = $1", [.text(eventID)]
        ).first else { return forward }
        var built = forward
        built.buildBody(from: StoredEvent(postgres: row), raw: row.bytes(11) ?? [], planner: forwarding)
        return built
    }
}
