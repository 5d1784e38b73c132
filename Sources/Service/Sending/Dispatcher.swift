import Core
import Delivery
import HTTPClient
import Logging
import Providers
import Storage
import Synchronization

/// Sends due outbox messages (docs/delivery.md, "Sending"): oldest first, one conversation's
/// messages in order, each account within its pacing, a bounded number of requests in flight. Every
/// attempt and its
/// `api_send_id`s are committed before the request leaves, and every answer is committed as the
/// state change it causes.
final class Dispatcher: Sendable {
    let outbox: any OutboxStore
    let accounts: [String: Account]
    let transport: any SendTransport
    let sendTimeoutMs: Int
    let clock: @Sendable () -> Double
    let logger: Logger
    let observeSend: @Sendable (Double) -> Void
    let maxInFlight: Int
    /// Called after an answer moved a message to a final state (its forwards may be due).
    let onFinal: @Sendable () -> Void

    private let loop: SendLoop
    private let pacer: Mutex<SlidingWindowPacer>
    /// Answers of finished sends not committed yet: the next pass records them in the commit
    /// that starts its attempts, and their backoff after a refused commit.
    private let answers = Mutex(AnswerQueue())

    init(outbox: any OutboxStore, accounts: [Account], transport: any SendTransport, perAccountPerMinute: Int,
         sendTimeoutMs: Int, clock: @escaping @Sendable () -> Double, logger: Logger,
         observeSend: @escaping @Sendable (Double) -> Void = { _ in }, maxInFlight: Int = 32,
         onFinal: @escaping @Sendable () -> Void = {}) {
        self.outbox = outbox
        self.accounts = Dictionary(accounts.map { (Self.key($0.provider, $0.name), $0) }, uniquingKeysWith: { a, _ in a })
        self.transport = transport
        self.sendTimeoutMs = sendTimeoutMs
        self.clock = clock
        self.logger = logger
        self.observeSend = observeSend
        self.maxInFlight = maxInFlight
        self.onFinal = onFinal
        loop = SendLoop(name: "dispatcher", maxInFlight: maxInFlight, clock: clock, logger: logger)
        pacer = Mutex(SlidingWindowPacer(limit: perAccountPerMinute))
    }

    static func key(_ provider: Provider, _ account: String) -> String { provider.rawValue + "/" + account }

    /// Something was queued (or an answer freed a conversation): look again now.
    func wake() { loop.wake() }

    /// Runs until the task is cancelled; requests in flight then finish, and their answers are
    /// committed, before it returns.
    func run() async {
        await loop.run { [self] room, now in try await dispatchDue(room: room, now: now) }
        // Stopping: the last answers once more; what the store still refuses is left to the next
        // start's recovery (at least once), as the loop's own commits are.
        let last = answers.withLock { $0.takeAll() }
        guard !last.isEmpty else { return }
        let results = await outbox.recordAnswersAndStartAttempts(answers: last.map { ($0.message, $0.event) },
                                                                 starts: [], now: clock())
        for (answer, result) in zip(last, results.answers) { settle(answer, result, stopping: true) }
    }

    /// Records the answers that came in and starts what is due; returns the sends and when to look
    /// again at the latest. The answers and the attempts of one pass share one transaction: a
    /// commit per message would cap sending at the writer's commit rate while ingest competes for it.
    private func dispatchDue(room: Int, now: Double) async throws -> (sends: [SendLoop.Send], nextLook: Double) {
        var nextLook = now + 1
        var chosen: [(message: OutboxMessage, account: Account, apiSendIDs: [String])] = []
        for conversation in try await outbox.claimDue(now: now, limit: room) {
            // One request per message: a message holds up to 5 items already, and keeping its
            // attempt to one request keeps every answer about exactly one message.
            guard let message = conversation.messages.first else { continue }
            let key = Self.key(message.provider, message.account)
            let slot: Double? = pacer.withLock { pacer in
                guard let slot = pacer.nextSlot(key, count: message.items.count, now: now) else {
                    // Taken now, so the next message of this account in the pass sees it.
                    pacer.record(key, count: message.items.count, at: now)
                    return nil
                }
                return slot
            }
            if let slot {
                nextLook = min(nextLook, slot)
                continue
            }
            guard let account = accounts[key] else {
                // Possible only after the account left the configuration: fail it, visibly.
                _ = try? await outbox.startAttempt(messageID: message.id, apiSendIDs: apiSendIDs(for: message, now: now), now: now)
                _ = try? await outbox.recordAnswer(
                    messageID: message.id, event: .rejected(reason: "account \(key) is not configured", itemIndex: nil), now: now)
                continue
            }
            chosen.append((message, account, apiSendIDs(for: message, now: now)))
        }
        // Stopping: start nothing new (an attempt started now would only be recovered later).
        if Task.isCancelled { chosen = [] }
        // Taken only now: a claim that throws leaves them for the next pass.
        let answered = answers.withLock { $0.takeDue(now: now) }
        if let retryAt = answers.withLock({ $0.retryAt }) { nextLook = min(nextLook, retryAt) }
        guard !chosen.isEmpty || !answered.isEmpty else { return ([], nextLook) }
        let results = await outbox.recordAnswersAndStartAttempts(
            answers: answered.map { ($0.message, $0.event) }, starts: chosen.map { ($0.message, $0.apiSendIDs) },
            now: now)
        for (answer, result) in zip(answered, results.answers) { settle(answer, result, stopping: false) }
        // The claim above ran before these answers freed their conversations: look again for
        // the next message of each.
        if results.answers.contains(where: { (try? $0.get()) != nil }) { loop.wake() }
        if let retryAt = answers.withLock({ $0.retryAt }) { nextLook = min(nextLook, retryAt) }
        var sends: [SendLoop.Send] = []
        for (choice, result) in zip(chosen, results.starts) {
            switch result {
            case .success(let message):
                sends.append { [self] in await send(message, apiSendIDs: choice.apiSendIDs, account: choice.account) }
            case .failure(OutboxError.paced(_, let until)):
                // Another instance used the account's budget (a store shared by instances).
                nextLook = min(nextLook, until)
            case .failure(OutboxError.lineHeld):
                // An older message of the conversation is in flight on another instance: not now.
                continue
            case .failure(let error):
                logger.warn("attempt not started", [("message_id", choice.message.id), ("reason", "\(error)")])
            }
        }
        return (sends, nextLook)
    }

    private func apiSendIDs(for message: OutboxMessage, now: Double) -> [String] {
        message.items.map { _ in Identifier.make(prefix: "s_", unixMillis: UInt64(now * 1000)) }
    }

    /// One request for one attempt, and its answer committed.
    private func send(_ message: OutboxMessage, apiSendIDs: [String], account: Account) async {
        let attempt = message.record.latestAttempt?.number ?? 0
        let startedAt = clock()
        // Items of one request are staggered a second apart (`delayed_time`), so the provider
        // does not fire them all at once; the first leaves at once (0).
        let items = zip(message.items, apiSendIDs).enumerated().map { index, pair in
            OutboundItem(item: pair.0, apiSendID: pair.1, delayedTime: index == 0 ? 0 : Int64(startedAt) + Int64(index))
        }
        let event = await sendInRequests(message, items: items, account: account)
        // Committed by the next pass, which the end of this send wakes (`SendLoop`).
        answers.withLock { $0.append(PendingAnswer(message: message, attempt: attempt, event: event)) }
    }

    /// Logs a committed answer; keeps one the store refused for now for a later pass (backing
    /// off to 5 s, so it lands as soon as the fault is gone, without a restart). Once stopping,
    /// a refused answer is left: the attempt stays in flight in the store and the next start
    /// recovers it (at least once).
    private func settle(_ answer: PendingAnswer, _ result: Result<OutboxMessage, any Error>, stopping: Bool) {
        let message = answer.message
        let fields = [("message_id", message.id)]
        switch result {
        case .success(let answered):
            answers.withLock { $0.committed() }
            // A retry keeps the message's own error empty (it has not failed): the reason is the
            // attempt's, as in the timeline.
            let reason = answered.error ?? answered.record.latestAttempt?.error
            logger.info("send answered", [("message_id", message.id), ("attempt", String(answer.attempt)),
                                          ("provider", message.provider.rawValue), ("account", message.account),
                                          ("state", answered.state.rawValue)] + (reason.map { [("error", $0)] } ?? []))
            if answered.state.isFinal { onFinal() }
        case .failure(let error as any StorageFault) where error.isTransient && !stopping:
            let delay = answers.withLock { $0.refused(answer, now: clock()) }
            logger.warn("send answer not stored yet", fields + [("reason", StoreFailure.describe(error)),
                                                                ("retry_in_s", String(delay))])
        case .failure(OutboxError.leaseLost):
            // This instance's lease ran out and another took the send over: its answer no
            // longer counts, the other instance's attempt does.
            logger.warn("send answer not stored: another instance took the send over after its lease ran out", fields)
        case .failure(let error):
            logger.error("send answer not stored", fields + [("reason", "\(error)")])
        }
    }

    /// Sends the attempt's items in as few requests as the provider allows (botadmin, gowechat
    /// and wecom take one item per request), in order, stopping at the first that is not
    /// accepted; the answers together are the attempt's outcome.
    private func sendInRequests(_ message: OutboxMessage, items: [OutboundItem], account: Account) async
        -> DeliveryEvent {
        let provider = message.provider
        let size = provider.maxItemsPerRequest
        var results: [ItemResult] = []
        for start in stride(from: 0, to: items.count, by: size) {
            let chunk = Array(items[start..<min(start + size, items.count)])
            let outcome: SendOutcome
            do {
                let request = try account.sendRequest(conversation: message.conversation, chat: message.chat, items: chunk)
                let startedAt = clock()
                let result = await transport.send(request, timeoutMs: sendTimeoutMs)
                observeSend(clock() - startedAt)
                outcome = provider.outcome(of: result, itemCount: chunk.count)
            } catch {
                return .rejected(reason: error.description, itemIndex: start)
            }
            switch outcome {
            case .accepted(let chunkResults):
                results += chunkResults
            case .rejected(let reason):
                return .rejected(reason: reason, itemIndex: size == 1 && items.count > 1 ? start : nil)
            case .retryable:
                // Items already taken are sent again with the next attempt: at least once.
                return Self.deliveryEvent(outcome, hasReceipts: provider.hasReceipts)
            }
        }
        return Self.deliveryEvent(.accepted(results), hasReceipts: provider.hasReceipts)
    }

    /// What a provider's answer means for the delivery record.
    static func deliveryEvent(_ outcome: SendOutcome, hasReceipts: Bool) -> DeliveryEvent {
        switch outcome {
        case .accepted(let items):
            if let (index, reason) = items.enumerated().lazy.compactMap({ index, item -> (Int, String)? in
                if case .rejected(let reason) = item { return (index, reason) }
                return nil
            }).first {
                return .rejected(reason: reason, itemIndex: index)
            }
            let ids: [String?] = items.map { item in
                if case .accepted(let id) = item { return id }
                return nil
            }
            return hasReceipts ? .accepted(providerIDs: ids) : .sent(providerIDs: ids)
        case .rejected(let reason):
            return .rejected(reason: reason, itemIndex: nil)
        case .retryable(let reason):
            return .retryable(reason: reason, jitter: Double.random(in: 0..<1))
        }
    }
}
