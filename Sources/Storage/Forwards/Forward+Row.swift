import Core
import Delivery

// A forward and its attempts read back from their rows, on either engine.
extension Forward {
    /// The columns `init(row:)` reads, in its order.
    static let columns = """
        id, subscription, type, event_id, message_id, provider, account, conversation, state, attempts, \
        next_attempt_at, created_at, updated_at, last_status, last_error, body, reply_error, rule, reply_by
        """

    init(row: some StoredRow) throws {
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
}

extension ForwardAttempt {
    /// From `attempt, started_at, duration_ms, status, error, answer`.
    init(row: some StoredRow) {
        self.init(attempt: row.int(0) ?? 0, startedAt: row.double(1) ?? 0, durationMs: row.double(2),
                  status: row.int(3), error: row.text(4), answer: row.text(5))
    }
}
