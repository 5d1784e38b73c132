import Core
import Delivery

/// The outbox: every message wxhook sends, its delivery record, timeline and correlation ids.
/// A store persists and queries; every decision about states is the `Delivery` state machine's.
/// Each write commits on its own (or with its batch) before it returns.
public protocol OutboxStore: Sendable {
    // MARK: Queueing

    /// Creates one message per entry, all or none. With a claim: the same key and body hash seen
    /// within 24 hours → `.repeated` with the first answer, nothing created; the same key with
    /// another body → `.conflict`. A repeat racing its first call never creates twice.
    func enqueue(_ messages: [NewOutboxMessage], idempotency: IdempotencyClaim?, now: Double) async throws
        -> EnqueueResult
    /// Forgets idempotency keys older than 24 hours; returns how many.
    func pruneIdempotencyKeys(now: Double) async throws -> Int

    // MARK: Sending

    /// Up to `limit` messages that may be sent at `now`, grouped by conversation (per-conversation
    /// order kept), the conversation whose due message is oldest first; one account only when
    /// `provider` and `account` are given. Nothing is marked: `startAttempt` claims.
    func claimDue(now: Double, limit: Int, provider: Provider?, account: String?) async throws -> [DueConversation]
    /// Starts the next attempt with one fresh `api_send_id` per item, committed before the request
    /// leaves; callbacks stored earlier under these ids are applied with it.
    func startAttempt(messageID: String, apiSendIDs: [String], now: Double) async throws -> OutboxMessage
    /// Starts several attempts in one commit; one that cannot start fails alone.
    func startAttempts(_ starts: [(messageID: String, apiSendIDs: [String])], now: Double) async throws
        -> [Result<OutboxMessage, any Error>]
    /// Records the provider's answer to the current attempt (`.accepted`, `.sent`, `.rejected`,
    /// `.retryable`); callbacks stored earlier under the ids it names are applied with it.
    func recordAnswer(messageID: String, event: DeliveryEvent, now: Double) async throws -> OutboxMessage
    /// The dispatcher's pass: records `answers` (as `recordAnswer`), then starts `starts` (as
    /// `startAttempts`), each alone, in one commit where the engine can. Every entry gets its own
    /// result, in the order given; a commit that fails fails every entry it carried. The messages
    /// are as the caller last saw them: an engine may take their fixed fields (items, target)
    /// from them instead of reading them back.
    func recordAnswersAndStartAttempts(
        answers: [(message: OutboxMessage, event: DeliveryEvent)], starts: [(message: OutboxMessage, apiSendIDs: [String])],
        now: Double
    ) async -> SendPassResults

    // MARK: Timers

    /// Fires up to `limit` due confirm and expire timers; returns how many messages changed
    /// state. Call again while it returns `limit`. On a store shared by several instances it also
    /// renews this instance's leases and takes over sends whose lease ran out (each counted as a
    /// change), so call it every second or so.
    func tick(now: Double, limit: Int) async throws -> Int
    /// At start-up: every `sending` message no running instance holds goes back to `queued` as a
    /// new attempt (or counts as accepted when callbacks proved it arrived). Returns how many. An
    /// engine of one instance (SQLite) recovers every one of them; one shared by several
    /// (PostgreSQL) only those whose instance's lease ran out, the others later in `tick`.
    func recoverAfterRestart(now: Double) async throws -> Int

    // MARK: Operators

    /// Re-queues a `failed` or `expired` message with a fresh budget; `OutboxError` otherwise.
    func retry(messageID: String, now: Double) async throws -> OutboxMessage
    /// Cancels a `queued` message; `OutboxError` otherwise.
    func cancel(messageID: String, now: Double) async throws -> OutboxMessage

    // MARK: Reading

    /// One message with its whole timeline, or nil.
    func message(id: String) async throws -> OutboxMessageDetail?
    /// The messages matching `filter`, newest first, and how many match in all.
    func list(filter: MessageFilter, limit: Int, offset: Int) async throws -> OutboxPage
    /// How many messages are in each state (every state present), in constant time.
    func countsByState() async throws -> [DeliveryState: Int]
    /// Over the messages created in `since..<until` (open-ended without `until`), of one provider
    /// and account when given: counts by state and the accept and confirm latencies.
    func stats(since: Double, until: Double?, provider: Provider?, account: String?) async throws -> OutboxStats
    /// The messages created in each of `days`, by state (the last day open-ended), in one snapshot.
    func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws -> DailyCounts
    /// The rules' replies created after `time`, oldest first: what the reply limits rebuild from.
    func ruleReplies(createdAfter time: Double) async throws -> [RuleReply]
}

extension OutboxStore {
    /// The pass as separate commits: the answers concurrently, then the starts in one commit.
    public func recordAnswersAndStartAttempts(
        answers: [(message: OutboxMessage, event: DeliveryEvent)], starts: [(message: OutboxMessage, apiSendIDs: [String])],
        now: Double
    ) async -> SendPassResults {
        let answered = await withTaskGroup(of: (Int, Result<OutboxMessage, any Error>).self) { group in
            for (index, answer) in answers.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await recordAnswer(messageID: answer.message.id, event: answer.event,
                                                                       now: now)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<OutboxMessage, any Error>](repeating: .failure(OutboxError.messageNotFound("")),
                                                              count: answers.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        let started: [Result<OutboxMessage, any Error>]
        if starts.isEmpty {
            started = []
        } else {
            do {
                started = try await startAttempts(starts.map { ($0.message.id, $0.apiSendIDs) }, now: now)
            } catch {
                started = starts.map { _ in .failure(error) }
            }
        }
        return SendPassResults(answers: answered, starts: started)
    }

    public func enqueue(_ messages: [NewOutboxMessage], now: Double) async throws -> EnqueueResult {
        try await enqueue(messages, idempotency: nil, now: now)
    }

    public func claimDue(now: Double, limit: Int) async throws -> [DueConversation] {
        try await claimDue(now: now, limit: limit, provider: nil, account: nil)
    }

    public func tick(now: Double) async throws -> Int {
        try await tick(now: now, limit: 1000)
    }

    public func list(filter: MessageFilter = MessageFilter(), limit: Int = 50, offset: Int = 0) async throws
        -> OutboxPage {
        try await list(filter: filter, limit: limit, offset: offset)
    }

    public func stats(since: Double) async throws -> OutboxStats {
        try await stats(since: since, until: nil, provider: nil, account: nil)
    }

    /// `/health`'s queue: `queued`, `sending`, and `accepted` + `echoed` (awaiting a receipt).
    public func queueDepth() async throws -> QueueDepth {
        let counts = try await countsByState()
        return QueueDepth(queued: counts[.queued] ?? 0, sending: counts[.sending] ?? 0,
                          awaitingReceipt: (counts[.accepted] ?? 0) + (counts[.echoed] ?? 0))
    }

    /// How many messages are in `state`.
    public func count(state: DeliveryState) async throws -> Int {
        try await countsByState()[state] ?? 0
    }
}
