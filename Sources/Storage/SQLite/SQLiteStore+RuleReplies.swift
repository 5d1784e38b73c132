import Core
import SQLite

// What the reply limits rebuild from after a restart.
extension SQLiteStore {
    public func ruleReplies(createdAfter time: Double) async throws -> [RuleReply] {
        try await reader.read { db in
            var replies: [RuleReply] = []
            try db.forEach("""
                SELECT rule, provider, account, conversation, created_at FROM messages
                WHERE origin = 'rule' AND created_at > ? ORDER BY created_at
                """, [.real(time)]) { row in
                guard let rule = row.string(0), let provider = row.string(1).flatMap(Provider.init(rawValue:)),
                      let account = row.string(2), let conversation = row.string(3), let at = row.double(4)
                else { return }
                replies.append(RuleReply(rule: rule, provider: provider, account: account, conversation: conversation,
                                         createdAt: at))
            }
            return replies
        }
    }
}
