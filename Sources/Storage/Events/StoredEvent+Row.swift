// An event as the admin API lists it, read back from its `events` row on either engine.
extension StoredEvent {
    /// The columns `init(row:)` reads, in its order; a query may select more after them.
    static let columns =
        "id, provider, account, kind, conversation, sender, text, is_self, is_group, message_id, received_at"

    init(row: some StoredRow) {
        self.init(
            id: row.text(0) ?? "", provider: row.text(1) ?? "", account: row.text(2) ?? "",
            kind: row.text(3) ?? "", conversation: row.text(4), sender: row.text(5), text: row.text(6),
            isSelf: row.bool(7) ?? false, isGroup: row.bool(8), messageID: row.text(9),
            receivedAt: row.double(10) ?? 0)
    }
}
