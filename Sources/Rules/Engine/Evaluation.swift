import Core

/// What the rules say about one inbound event, with the reasons: the service sends `replies`
/// when `matched`; `wxhook rules test` and `POST /api/rules/test` show all of it.
public struct Evaluation: Sendable, Hashable {
    /// A rule that matched a keyword (or a special reply that applied) but does not answer.
    public struct Candidate: Sendable, Hashable {
        /// A rule name, or `default` / `subscribe`.
        public let rule: String
        /// As written in the file; nil for `default` / `subscribe`.
        public let keyword: String?
        public let match: MatchKind?
        public let lostBecause: String

        public init(rule: String, keyword: String?, match: MatchKind?, lostBecause: String) {
            self.rule = rule
            self.keyword = keyword
            self.match = match
            self.lostBecause = lostBecause
        }
    }

    /// Whether a reply would be sent.
    public let matched: Bool
    /// The answering rule's name, `default` or `subscribe`; nil when nothing answers.
    public let rule: String?
    /// The keyword that matched, as written in the file; nil for `default` / `subscribe`.
    public let keyword: String?
    public let match: MatchKind?
    /// The rendered items, in order (one for `random` replies); empty when nothing answers, and
    /// for a hand-off.
    public let replies: [MessageItem]
    /// Set when the answering reply hands the message to an application (`{"forward": …}`).
    public let handoff: Handoff?
    /// The answering rule's cooldown, for the caller that records the reply.
    public let cooldown: Double
    /// Every other rule that matched a keyword but lost, in rule order, and why; a winner held
    /// back by its cooldown or the conversation's reply cap is listed here too.
    public let candidates: [Candidate]
    /// Why nothing answers, when `matched` is false.
    public let reason: String?

    public init(matched: Bool, rule: String?, keyword: String?, match: MatchKind?, replies: [MessageItem],
                handoff: Handoff? = nil, cooldown: Double = 0, candidates: [Candidate], reason: String?) {
        self.matched = matched
        self.rule = rule
        self.keyword = keyword
        self.match = match
        self.replies = replies
        self.handoff = handoff
        self.cooldown = cooldown
        self.candidates = candidates
        self.reason = reason
    }

    static func silent(_ reason: String, candidates: [Candidate]) -> Evaluation {
        Evaluation(matched: false, rule: nil, keyword: nil, match: nil, replies: [], candidates: candidates, reason: reason)
    }
}
