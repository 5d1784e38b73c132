/// The brakes on auto-replies (docs/rules.md, "Anti-loop rules and rate limits"): each rule's
/// `cooldown_s` per account and conversation, and at most `cap` replies per account and
/// conversation in any `window` seconds, whatever the rules say. A value: the service keeps one
/// behind a lock, feeds it every reply it sends, and after a restart rebuilds it from the stored
/// replies with `record`.
///
/// Times are Unix seconds. A reply at `t` blocks its rule until `t + cooldown` (exclusive) and
/// counts against the conversation until `t + window` (exclusive).
public struct ReplyLimiter: Sendable {
    public enum Decision: Sendable, Hashable {
        case allow
        /// The rule answered this conversation less than its cooldown ago.
        case cooldown(remaining: Double)
        /// The conversation had `cap` replies in the last `window` seconds.
        case capReached(retryAfter: Double)
    }

    struct Conversation: Hashable, Sendable {
        var account: String
        var conversation: String
    }

    struct RuleInConversation: Hashable, Sendable {
        var rule: String
        var account: String
        var conversation: String
    }

    public let window: Double
    public let cap: Int
    /// Per conversation, the times of its latest `cap` replies, ascending: only those can decide.
    private var recent: [Conversation: [Double]] = [:]
    private var lastReply: [RuleInConversation: Double] = [:]

    public init(window: Double = 60, cap: Int = 10) {
        self.window = window
        self.cap = max(1, cap)
    }

    /// Whether `rule` (with its `cooldown` in seconds) may answer this conversation at `now`.
    /// The cooldown is checked first: it is the more specific reason.
    public func decide(rule: String, cooldown: Double, account: String, conversation: String, at now: Double) -> Decision {
        if cooldown > 0, let last = lastReply[RuleInConversation(rule: rule, account: account, conversation: conversation)],
           now < last + cooldown {
            return .cooldown(remaining: last + cooldown - now)
        }
        if let times = recent[Conversation(account: account, conversation: conversation)], times.count >= cap {
            let oldest = times[times.count - cap]
            if oldest > now - window { return .capReached(retryAfter: oldest + window - now) }
        }
        return .allow
    }

    /// Notes a reply sent at `time`. Calls may come in any order (a rebuild from history).
    public mutating func record(rule: String, account: String, conversation: String, at time: Double) {
        let key = RuleInConversation(rule: rule, account: account, conversation: conversation)
        lastReply[key] = max(lastReply[key] ?? time, time)
        var times = recent[Conversation(account: account, conversation: conversation), default: []]
        let position = times.lastIndex { $0 <= time }.map { $0 + 1 } ?? 0
        times.insert(time, at: position)
        if times.count > cap { times.removeFirst(times.count - cap) }
        recent[Conversation(account: account, conversation: conversation)] = times
    }

    /// Forgets what can no longer block a reply at `now` or later: window entries older than the
    /// window and cooldown entries older than `longestCooldown` (`RuleSet.longestCooldown`).
    public mutating func prune(at now: Double, longestCooldown: Double) {
        let horizon = now - window
        recent = recent.filter { $0.value.last.map { $0 > horizon } ?? false }
        let cooldownHorizon = now - longestCooldown
        lastReply = lastReply.filter { $0.value > cooldownHorizon }
    }

    /// How many conversations and rule cooldowns the limiter remembers (for metrics).
    public var trackedCount: Int { recent.count + lastReply.count }
}
