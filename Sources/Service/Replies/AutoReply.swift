import Core
import Foundation
import JSON
import Logging
import Rules
import Storage
import Synchronization

/// The keyword auto-reply of a running service (docs/rules.md): the active rule set, its reloads,
/// and the replies it plans for inbound messages. A reply is planned inside the writer job that
/// stores its message, and enqueued in that same transaction: a crash or a redelivery can never
/// produce a second reply, and the reply limits are decided in the writer's one-at-a-time order.
public final class AutoReply: Sendable {
    /// What `GET /api/rules` shows besides the set itself.
    struct Active: Sendable {
        var engine: RuleEngine
        var loadedAt: Double
        var lastError: (at: Double, problems: [String])?
        var fingerprint: [String]
    }

    let folder: RuleFolder
    let timeZone: TimeZone
    let accounts: [String: Account]
    /// The configured subscriptions a rule may hand a message to (`forward`).
    let subscriptions: Set<String>
    let clock: @Sendable () -> Double
    let logger: Logger
    let onMatch: @Sendable (String) -> Void
    private let active: Mutex<Active>
    private let limiter = Mutex(ReplyLimiter())

    /// Loads the folder; a set that does not load is an error here (at start-up, exit 1).
    public init(folder: RuleFolder, timeZone: TimeZone, accounts: [Account], subscriptions: Set<String> = [],
                clock: @escaping @Sendable () -> Double, logger: Logger, onMatch: @escaping @Sendable (String) -> Void = { _ in })
        throws(RuleLoadErrors) {
        self.onMatch = onMatch
        self.folder = folder
        self.timeZone = timeZone
        self.subscriptions = subscriptions
        self.accounts = Dictionary(accounts.map { ($0.provider.rawValue + "/" + $0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.clock = clock
        self.logger = logger
        let fingerprint = folder.fingerprint()
        let ruleSet = folder.exists ? try folder.load(subscriptions: subscriptions).get() : RuleSet.empty
        active = Mutex(Active(engine: RuleEngine(ruleSet), loadedAt: clock(), lastError: nil, fingerprint: fingerprint))
    }

    var engine: RuleEngine { active.withLock { $0.engine } }

    /// Loads the folder again. A set with problems is refused whole and the active set stays.
    @discardableResult
    public func reload(reason: String) -> Result<RuleSet, RuleLoadErrors> {
        let fingerprint = folder.fingerprint()
        let result = folder.load(subscriptions: subscriptions)
        let now = clock()
        active.withLock { active in
            active.fingerprint = fingerprint
            switch result {
            case .success(let ruleSet):
                active.engine = RuleEngine(ruleSet)
                active.loadedAt = now
                active.lastError = nil
            case .failure(let errors):
                active.lastError = (now, errors.lines)
            }
        }
        switch result {
        case .success(let ruleSet):
            logger.info("rules loaded", [("reason", reason), ("rules", String(ruleSet.rules.count)),
                                         ("files", String(ruleSet.files.count))])
        case .failure(let errors):
            logger.warn("rules refused; the previous set stays active",
                        [("reason", reason), ("problems", errors.lines.joined(separator: "; "))])
        }
        return result
    }

    /// Reloads when a file in the folder changed since the last load (called every second).
    func reloadIfChanged() {
        let fingerprint = folder.fingerprint()
        guard active.withLock({ $0.fingerprint != fingerprint }) else { return }
        reload(reason: "file changed")
    }

    /// `GET /api/rules`.
    func summary() -> JSONValue {
        active.withLock { active in
            var object = active.engine.ruleSet.summaryJSON
            object["loaded_at"] = .double(active.loadedAt)
            if let error = active.lastError {
                object["last_error"] = ["at": .double(error.at), "problems": .array(error.problems.map(JSONValue.string))]
            } else {
                object["last_error"] = .null
            }
            return .object(object)
        }
    }

    /// What the rules would answer, without sending or counting anything (`rules test`).
    public func test(_ input: MatchInput) -> Evaluation {
        engine.evaluate(input, now: clock(), timeZone: timeZone)
    }

    /// The reply to a newly stored inbound message, decided and counted against the limits, or
    /// its hand-off to an application (counted when the application's reply is queued, see
    /// `admit`). Only the store calls it (`planner`), inside the writer job that stores the
    /// event, so the limits are decided in the writer's one-at-a-time order.
    func plan(for event: InboundEvent, eventID: String, now: Double) -> ReplyPlan {
        guard event.kind == .message, !event.isSelf, let conversation = event.conversation else { return .nothing }
        let accountKey = event.provider.rawValue + "/" + event.account
        guard let account = accounts[accountKey] else { return .nothing }
        if let sender = event.sender, account.selfIDs.contains(sender) { return .nothing }
        let chat: ChatKind = event.isGroup.map { $0 ? .group : .private } ?? .guess(conversation: conversation)
        let input = MatchInput(text: event.text ?? "", provider: event.provider, account: event.account, chat: chat,
                               mentioned: Self.mentions(account, in: event), sender: event.sender ?? "",
                               conversation: conversation, event: .message)
        let engine = self.engine
        var random = SystemRandomNumberGenerator()
        // Only the winner: the explanation `evaluate` adds (losing rules, reasons) is for `rules test`.
        let answer: RuleAnswer? = limiter.withLock { limiter in
            // The engine counts limits against `input.limitKey`, which is `accountKey`.
            let answer = engine.answer(input, now: now, timeZone: timeZone, limiter: limiter, random: &random)
            if let answer, answer.handoff == nil {
                limiter.record(rule: answer.rule, account: accountKey, conversation: conversation, at: now)
            }
            return answer
        }
        guard let answer else { return .nothing }
        if let handoff = answer.handoff {
            onMatch(answer.rule)
            return ReplyPlan(handoff: ForwardHandoff(subscription: handoff.subscription, rule: answer.rule,
                                                     replyBy: now + handoff.replyWithinSeconds))
        }
        guard !answer.replies.isEmpty else { return .nothing }
        onMatch(answer.rule)
        return ReplyPlan(messages: [NewOutboxMessage(provider: event.provider, account: event.account,
                                                     conversation: conversation, chat: chat, items: answer.replies,
                                                     origin: .rule(name: answer.rule, inReplyTo: eventID))])
    }

    /// `plan` as the store asks it (`EventStore.ingest`).
    var planner: ReplyPlanner {
        { [self] event, eventID, now in plan(for: event, eventID: eventID, now: now) }
    }

    /// Whether an application's reply to a hand-off may be queued at `now`, counting it when it
    /// may: every limit a rule's own reply meets applies (the rule's cooldown, the
    /// conversation's cap), and a reply never goes to the account itself. Asked by the store
    /// inside the writer job that records the forward delivered.
    func admit(_ message: NewOutboxMessage, now: Double) -> String? {
        guard case .rule(let rule, _) = message.origin else { return nil }
        let accountKey = message.provider.rawValue + "/" + message.account
        guard let account = accounts[accountKey] else { return "the account is no longer configured" }
        if account.selfIDs.contains(message.conversation) || account.wxid == message.conversation {
            return "the conversation is the account itself"
        }
        let cooldown = engine.ruleSet.cooldown(of: rule)
        let decision: ReplyLimiter.Decision = limiter.withLock { limiter in
            let decision = limiter.decide(rule: rule, cooldown: cooldown, account: accountKey,
                                          conversation: message.conversation, at: now)
            if decision == .allow {
                limiter.record(rule: rule, account: accountKey, conversation: message.conversation, at: now)
            }
            return decision
        }
        switch decision {
        case .allow: return nil
        case .cooldown(let remaining): return "rule \(rule) is in its cooldown (\(Int(remaining.rounded(.up))) s left)"
        case .capReached(let retryAfter):
            return "the conversation is at its reply cap (\(Int(retryAfter.rounded(.up))) s until it frees up)"
        }
    }

    /// Whether the message @-mentions the account: its id in the payload's mention list (云真机
    /// `at_list`), or `@name` of one of its `mention_names` in the text.
    static func mentions(_ account: Account, in event: InboundEvent) -> Bool {
        let ids = Set(account.selfIDs + [account.wxid].compactMap { $0 })
        if event.mentions.contains(where: { ids.contains($0) || account.mentionNames.contains($0) }) { return true }
        guard let text = event.text else { return false }
        return account.mentionNames.contains { !$0.isEmpty && text.contains("@" + $0) }
    }

    /// Rebuilds the reply limits from the replies stored in the last `window` seconds, so a
    /// restart does not reopen a conversation's cap or a rule's cooldown.
    func restoreLimits(from outbox: any OutboxStore, now: Double) async throws {
        let horizon = max(60, engine.ruleSet.longestCooldown)
        var restored = ReplyLimiter()
        for reply in try await outbox.ruleReplies(createdAfter: now - horizon) {
            restored.record(rule: reply.rule, account: reply.provider.rawValue + "/" + reply.account,
                            conversation: reply.conversation, at: reply.createdAt)
        }
        limiter.withLock { $0 = restored }
    }

    /// Forgets reply history no limit can still use.
    func pruneLimits(now: Double) {
        let longest = engine.ruleSet.longestCooldown
        limiter.withLock { $0.prune(at: now, longestCooldown: longest) }
    }
}
