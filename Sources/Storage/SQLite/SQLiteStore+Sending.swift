import Delivery
import SQLite

// The dispatcher's writes: an attempt starts (committed before the request leaves), then the
// provider's answer — or its absence — is recorded.
extension SQLiteStore {
    /// Starts the next attempt with one fresh `api_send_id` per item and indexes those ids, so a
    /// callback that overtakes the answer finds the message. Callbacks stored earlier as
    /// orphans under these ids are applied in the same transaction. Await this before sending.
    public func startAttempt(messageID: String, apiSendIDs: [String], now: Double) async throws -> OutboxMessage {
        try await writer.write { db in
            try self.startAttempt(messageID: messageID, apiSendIDs: apiSendIDs, now: now, db: db)
        }
    }

    /// Starts several attempts in one transaction (one commit, not one per message); each in a
    /// savepoint of its own, so one that cannot start (its row changed meanwhile) fails alone.
    public func startAttempts(_ starts: [(messageID: String, apiSendIDs: [String])], now: Double) async throws
        -> [Result<OutboxMessage, any Error>] {
        try await writer.write { db in
            starts.map { start in
                Result { try db.savepoint { try self.startAttempt(messageID: start.messageID, apiSendIDs: start.apiSendIDs, now: now, db: db) } }
            }
        }
    }

    /// The dispatcher's pass as one writer job: the answers of the sends that finished and the
    /// attempts it starts share a commit — one WAL write and sync instead of one per answer. The
    /// messages are not read back: only their records changed.
    public func recordAnswersAndStartAttempts(
        answers: [(message: OutboxMessage, event: DeliveryEvent)], starts: [(message: OutboxMessage, apiSendIDs: [String])],
        now: Double
    ) async -> SendPassResults {
        do {
            return try await writer.write { db in
                let answered = answers.map { answer in
                    Result {
                        try db.savepoint {
                            answer.message.replacing(record: try self.answered(answer.message.id, event: answer.event,
                                                                               now: now, db: db).record)
                        }
                    }
                }
                let started = starts.map { start in
                    Result {
                        try db.savepoint {
                            start.message.replacing(record: try self.started(start.message.id, apiSendIDs: start.apiSendIDs,
                                                                             now: now, db: db).record)
                        }
                    }
                }
                return SendPassResults(answers: answered, starts: started)
            }
        } catch {
            return SendPassResults(answers: answers.map { _ in .failure(error) }, starts: starts.map { _ in .failure(error) })
        }
    }

    func startAttempt(messageID: String, apiSendIDs: [String], now: Double, db: Connection) throws -> OutboxMessage {
        _ = try started(messageID, apiSendIDs: apiSendIDs, now: now, db: db)
        return try message(messageID, db: db)
    }

    /// The attempt started; its delivery as written.
    private func started(_ messageID: String, apiSendIDs: [String], now: Double, db: Connection) throws -> DeliveryRow {
        var row = try delivery(messageID, db: db)
        let event = DeliveryEvent.sendStarted(attempt: row.record.nextAttemptNumber, apiSendIDs: apiSendIDs)
        let learned = try apply(event, to: &row, at: now, db: db).learned
        try applyOrphans(to: &row, learned: learned, excluding: nil, now: now, db: db)
        return row
    }

    /// Records the provider's answer to the current attempt: `.accepted`, `.sent`, `.rejected`
    /// or `.retryable`. Provider ids in the answer are indexed, and callbacks stored earlier as
    /// orphans under them are applied.
    public func recordAnswer(messageID: String, event: DeliveryEvent, now: Double) async throws -> OutboxMessage {
        try await writer.write { db in try self.recordAnswer(messageID: messageID, event: event, now: now, db: db) }
    }

    func recordAnswer(messageID: String, event: DeliveryEvent, now: Double, db: Connection) throws -> OutboxMessage {
        _ = try answered(messageID, event: event, now: now, db: db)
        return try message(messageID, db: db)
    }

    /// The answer recorded; the message's delivery as written.
    private func answered(_ messageID: String, event: DeliveryEvent, now: Double, db: Connection) throws -> DeliveryRow {
        switch event {
        case .accepted, .sent, .rejected, .retryable: break
        default: throw OutboxError.notAnAnswer(messageID: messageID, event)
        }
        var row = try delivery(messageID, db: db)
        let learned = try apply(event, to: &row, at: now, db: db).learned
        try applyOrphans(to: &row, learned: learned, excluding: nil, now: now, db: db)
        return row
    }
}
