import Core
import Delivery

// Reading a whole message back from its `messages` row, on either engine.
extension OutboxMessage {
    /// The columns `init(row:)` reads, in its order.
    static let columns =
        "id, provider, account, conversation, chat, items, origin, rule, in_reply_to, created_at, record"
    /// How many columns `columns` names: a query may select more after them.
    static let columnCount = 11

    init(row: some StoredRow) throws {
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
}
