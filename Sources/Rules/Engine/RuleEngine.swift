import Foundation

/// A rule set compiled for matching: the one entry point the service and the CLI share.
/// Pure: time, time zone, reply history and randomness come in as arguments.
public struct RuleEngine: Sendable {
    public let ruleSet: RuleSet
    let matcher: KeywordMatcher

    /// Compiles every keyword of `ruleSet` (build once per loaded set; matching is then cheap).
    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        matcher = KeywordMatcher(rules: ruleSet.rules)
        // The normalizer's table is made from Foundation once per process: make it here, with the
        // rest of the set-up, rather than in the first message that needs it.
        _ = FoldTable.shared
    }

    /// Which rule answers `input` at `now` (Unix seconds), with the rendered replies and why
    /// every other matching rule lost. `limiter` is only read: record the reply when you send it,
    /// or use `respond`.
    public func evaluate(_ input: MatchInput, now: Double, timeZone: TimeZone, limiter: ReplyLimiter,
                         random: inout some RandomNumberGenerator) -> Evaluation {
        switch input.event {
        case .subscribe:
            guard let subscribe = ruleSet.subscribeReply else {
                return .silent("no subscribe reply is defined", candidates: [])
            }
            return answer(special: subscribe, named: RuleSet.subscribeName, input, candidates: [],
                          now: now, timeZone: timeZone, limiter: limiter, random: &random)
        case .message:
            return evaluateMessage(input, now: now, timeZone: timeZone, limiter: limiter, random: &random)
        }
    }

    /// `evaluate` with the system's random source.
    public func evaluate(_ input: MatchInput, now: Double, timeZone: TimeZone,
                         limiter: ReplyLimiter = ReplyLimiter()) -> Evaluation {
        var random = SystemRandomNumberGenerator()
        return evaluate(input, now: now, timeZone: timeZone, limiter: limiter, random: &random)
    }

    /// `evaluate`, then records the reply in `limiter` when one is sent: the step the service
    /// takes under its lock so that two messages cannot both pass the same limit.
    public func respond(to input: MatchInput, now: Double, timeZone: TimeZone, limiter: inout ReplyLimiter,
                        random: inout some RandomNumberGenerator) -> Evaluation {
        let evaluation = evaluate(input, now: now, timeZone: timeZone, limiter: limiter, random: &random)
        if evaluation.matched, let rule = evaluation.rule {
            limiter.record(rule: rule, account: input.limitKey, conversation: input.conversation, at: now)
        }
        return evaluation
    }

    private func evaluateMessage(_ input: MatchInput, now: Double, timeZone: TimeZone, limiter: ReplyLimiter,
                                 random: inout some RandomNumberGenerator) -> Evaluation {
        let matcher = self.matcher
        let hits = TextNormalizer.withNormalizedBytes(input.text, inGroup: input.chat == .group) { matcher.hits(in: $0) }
        let contest = Contest(rules: ruleSet.rules, hits: hits, input: input)
        if let winner = contest.winner {
            let rule = ruleSet.rules[winner.rule]
            let keyword = rule.keywords[winner.keyword]
            let decision = limiter.decide(rule: rule.name, cooldown: rule.cooldown, account: input.limitKey,
                                          conversation: input.conversation, at: now)
            if let held = Self.explain(decision) {
                let first = Evaluation.Candidate(rule: rule.name, keyword: keyword.text, match: winner.match, lostBecause: held)
                return .silent("rule \(rule.name) matched but is held back: \(held)",
                               candidates: [first] + contest.candidates)
            }
            let context = Self.context(input, now: now, timeZone: timeZone, clock: rule.reply.usesClock)
            return Evaluation(matched: true, rule: rule.name, keyword: keyword.text, match: winner.match,
                              replies: rule.reply.render(context, random: &random), handoff: rule.reply.handoff,
                              cooldown: rule.cooldown,
                              candidates: contest.candidates, reason: nil)
        }
        guard let fallback = ruleSet.defaultReply else {
            let reason = contest.candidates.isEmpty ? "no rule matched and there is no default reply"
                                                    : "no rule applies and there is no default reply"
            return .silent(reason, candidates: contest.candidates)
        }
        return answer(special: fallback, named: RuleSet.defaultName, input, candidates: contest.candidates,
                      now: now, timeZone: timeZone, limiter: limiter, random: &random)
    }

    /// The `default` or `subscribe` reply, within its scope and limits.
    private func answer(special: SpecialReply, named name: String, _ input: MatchInput, candidates: [Evaluation.Candidate],
                        now: Double, timeZone: TimeZone, limiter: ReplyLimiter,
                        random: inout some RandomNumberGenerator) -> Evaluation {
        let held: String?
        if let exclusion = special.scope.exclusion(provider: input.provider, account: input.account,
                                                   chat: input.chat, mentioned: input.mentioned) {
            held = exclusion
        } else {
            held = Self.explain(limiter.decide(rule: name, cooldown: special.cooldown, account: input.limitKey,
                                               conversation: input.conversation, at: now))
        }
        if let held {
            let candidate = Evaluation.Candidate(rule: name, keyword: nil, match: nil, lostBecause: held)
            return .silent("the \(name) reply does not answer: \(held)", candidates: candidates + [candidate])
        }
        let context = Self.context(input, now: now, timeZone: timeZone, clock: special.reply.usesClock)
        return Evaluation(matched: true, rule: name, keyword: nil, match: nil,
                          replies: special.reply.render(context, random: &random), handoff: special.reply.handoff,
                          cooldown: special.cooldown,
                          candidates: candidates, reason: nil)
    }

    private static func explain(_ decision: ReplyLimiter.Decision) -> String? {
        switch decision {
        case .allow: nil
        case .cooldown(let remaining): "in cooldown (\(seconds(remaining)) s left)"
        case .capReached(let retryAfter):
            "conversation at its reply cap (\(seconds(retryAfter)) s until it frees up)"
        }
    }

    /// Whole seconds, rounded up: "0 s left" would read as "not in cooldown".
    private static func seconds(_ value: Double) -> Int { Int(value.rounded(.up)) }

    /// The values for a reply's templates; the time zone is only asked when the reply shows the time.
    static func context(_ input: MatchInput, now: Double, timeZone: TimeZone, clock: Bool) -> TemplateContext {
        guard clock else {
            return TemplateContext(sender: input.sender, conversation: input.conversation, account: input.account ?? "",
                                   text: input.text, date: "", time: "")
        }
        return TemplateContext(sender: input.sender, conversation: input.conversation, account: input.account ?? "",
                               text: input.text, now: now, timeZone: timeZone)
    }
}
