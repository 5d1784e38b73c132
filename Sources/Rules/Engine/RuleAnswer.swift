import Core

/// The reply the rules give, without the explanation: what the service needs for every inbound
/// message. `RuleEngine.answer` finds the same winner as `evaluate` (the precedence of
/// docs/rules.md), but keeps only the best hit as it goes: no list of hits, no sorting, no
/// losing candidates and no reasons are built.
public struct RuleAnswer: Sendable, Hashable {
    /// The answering rule's name, `default` or `subscribe`.
    public let rule: String
    /// The keyword that matched, as written in the file; nil for `default` / `subscribe`.
    public let keyword: String?
    public let match: MatchKind?
    /// The rendered items, in order (one for `random` replies); empty for a hand-off.
    public let replies: [MessageItem]
    /// Set when the answering reply hands the message to an application (`{"forward": …}`).
    public let handoff: Handoff?
    /// The answering rule's cooldown, for the caller that records the reply.
    public let cooldown: Double
}
