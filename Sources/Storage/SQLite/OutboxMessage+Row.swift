import Core
import Delivery
import JSON
import SQLite

// Reading a whole message back from its `messages` row.
extension OutboxMessage {
    /// The columns `init(row:)` reads, in its order.
    static let columns =
        "id, provider, account, conversation, chat, items, origin, rule, in_reply_to, created_at, record"
    /// How many columns `columns` names: a query may select more after them.
    static let columnCount = 11

    init(row: Row) throws {
        let id = row.string(0) ?? "?"
        func corrupt(_ reason: String) -> OutboxError { .corruptRow(messageID: id, reason: reason) }
        guard let provider = row.string(1).flatMap(Provider.init(rawValue:)) else { throw corrupt("unknown provider") }
        guard let chat = row.string(4).flatMap(ChatKind.init(rawValue:)) else { throw corrupt("unknown chat") }
        guard let account = row.string(2), let conversation = row.string(3), let createdAt = row.double(9),
              let itemsText = row.string(5), let recordText = row.string(10)
        else { throw corrupt("a required column is NULL") }
        let origin: MessageOrigin
        switch row.string(6) {
        case "api": origin = .api
        case "rule": origin = .rule(name: row.string(7) ?? "", inReplyTo: row.string(8))
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

    /// Loads one message on `db`, or nil.
    static func load(id: String, db: Connection) throws -> OutboxMessage? {
        try db.queryOne("SELECT \(columns) FROM messages WHERE id = ?", [.text(id)]).map(OutboxMessage.init(row:))
    }
}
