import Core
import Delivery
import PostgreSQL

// The dispatcher's writes. Starting an attempt is the claim: it locks the message's conversation
// line (every message of it still queued or sending, in creation order, so two starters of one
// conversation queue behind each other instead of deadlocking), checks that no older message is
// in line and none other is in flight — on whichever instance — and then marks the message
// `sending` under this instance's lease, committed before the request leaves.
extension PostgresStore {
    public func startAttempt(messageID: String, apiSendIDs: [String], now: Double) async throws -> OutboxMessage {
        try await write(serializable: true) { db in
            try self.startAttempt(messageID: messageID, apiSendIDs: apiSendIDs, now: now, db: db)
        }
    }

    /// Several attempts in one transaction, each in a savepoint so one that cannot start fails
    /// alone. Lines (and accounts' pacing rows) are locked in one order (provider, account,
    /// conversation) whatever the order asked, so two instances starting overlapping sets never
    /// wait on each other in a cycle.
    public func startAttempts(_ starts: [(messageID: String, apiSendIDs: [String])], now: Double) async throws
        -> [Result<OutboxMessage, any Error>] {
        let ids = starts.map(\.messageID)
        let sendIDs = starts.map(\.apiSendIDs)
        return try await write(serializable: true) { db in
            let lines = try Self.lines(of: ids, db: db)
            let order = ids.indices.sorted {
                (lines[ids[$0]] ?? []).lexicographicallyPrecedes(lines[ids[$1]] ?? [])
            }
            var results = [Result<OutboxMessage, any Error>?](repeating: nil, count: ids.count)
            for index in order {
                try db.query("SAVEPOINT start_attempt")
                do {
                    let started = try self.startAttempt(messageID: ids[index], apiSendIDs: sendIDs[index], now: now, db: db)
                    try db.query("RELEASE SAVEPOINT start_attempt")
                    results[index] = .success(started)
                } catch let error as PostgresError {
                    throw error  // the transaction is the loser of a conflict: it runs again
                } catch {
                    try db.query("ROLLBACK TO SAVEPOINT start_attempt")
                    results[index] = .failure(error)
                }
            }
            return results.map { $0 ?? .failure(OutboxError.messageNotFound("")) }
        }
    }

    /// Each message's line, as a sortable key.
    private static func lines(of ids: [String], db: PostgresConnection) throws -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for row in try db.query("SELECT id, provider, account, conversation FROM messages WHERE id = ANY($1::text[])",
                                [.text(PostgresArray.text(ids))]) {
            if let id = row.text(0) { lines[id] = [row.text(1) ?? "", row.text(2) ?? "", row.text(3) ?? ""] }
        }
        return lines
    }

    func startAttempt(messageID: String, apiSendIDs: [String], now: Double, db: PostgresConnection) throws
        -> OutboxMessage {
        try lockLine(of: messageID, now: now, db: db)
        var row = try delivery(messageID, db: db)
        // Only a message that can start takes budget: the state machine refuses the others below,
        // and their refusal must not cost the account its items.
        if row.record.state == .queued {
            try takePacing(messageID: messageID, provider: row.provider, account: row.account,
                           items: row.record.itemCount, now: now, db: db)
        }
        let event = DeliveryEvent.sendStarted(attempt: row.record.nextAttemptNumber, apiSendIDs: apiSendIDs)
        let learned = try apply(event, to: &row, at: now, lease: (instance, now + lease), db: db).learned
        try applyOrphans(to: &row, learned: learned, excluding: nil, now: now, db: db)
        return try message(messageID, db: db)
    }

    /// Locks the conversation line of `messageID` and refuses (`lineHeld`) when an older message
    /// of it is in line or another one is in flight.
    private func lockLine(of messageID: String, now: Double, db: PostgresConnection) throws {
        guard let target = try db.query("SELECT provider, account, conversation, seq FROM messages WHERE id = $1",
                                        [.text(messageID)]).first
        else { throw OutboxError.messageNotFound(messageID) }
        // The account's pacing row before its lines: every start locks in the order account, then
        // line, so two starters never wait on each other in a cycle.
        if let provider = target.text(0).flatMap(Provider.init(rawValue:)), let account = target.text(1) {
            try lockPacing(provider: provider, account: account, db: db)
        }
        let line = try db.query("""
            SELECT id, seq, state, next_action_at, attempts FROM messages
            WHERE provider = $1 AND account = $2 AND conversation = $3 AND state IN ('queued', 'sending')
            ORDER BY seq FOR UPDATE
            """, [.text(target.text(0) ?? ""), .text(target.text(1) ?? ""), .text(target.text(2) ?? "")])
        let seq = target.int(3) ?? 0
        for other in line where other.text(0) != messageID {
            let sending = other.text(2) == DeliveryState.sending.rawValue
            let older = (other.int(1) ?? 0) < seq
            let due = other.double(3).map { $0 <= now } ?? false
            let tried = (other.int(4) ?? 0) > 0
            if sending || (older && (due || tried)) { throw OutboxError.lineHeld(messageID: messageID) }
        }
    }

    /// Records the provider's answer to the current attempt. Only the instance that holds the
    /// attempt's lease may: once another instance recovered the message, a late answer to the
    /// old attempt changes nothing (`leaseLost`).
    public func recordAnswer(messageID: String, event: DeliveryEvent, now: Double) async throws -> OutboxMessage {
        switch event {
        case .accepted, .sent, .rejected, .retryable: break
        default: throw OutboxError.notAnAnswer(messageID: messageID, event)
        }
        return try await write(serializable: true) { db in
            var row = try self.delivery(messageID, db: db)
            let owner = try db.query("SELECT lease_owner FROM messages WHERE id = $1", [.text(messageID)]).first?.text(0)
            if row.record.state == .sending, let owner, owner != self.instance {
                throw OutboxError.leaseLost(messageID: messageID)
            }
            let learned = try self.apply(event, to: &row, at: now, db: db).learned
            try self.applyOrphans(to: &row, learned: learned, excluding: nil, now: now, db: db)
            // The conversation's next message may go now, from any instance.
            if row.record.state != .sending { try PostgresWakeups.notify(.outbox, db: db) }
            return try self.message(messageID, db: db)
        }
    }
}

/// Postgres array literals for `= ANY($1::text[])`: one parameter, whatever the count.
enum PostgresArray {
    static func text(_ values: [String]) -> String {
        "{" + values.map { value in
            var quoted = "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
                quoted.unicodeScalars.append(character)
            }
            return quoted + "\""
        }.joined(separator: ",") + "}"
    }
}
