import Foundation

extension RuleEngine {
    /// What `evaluate` would answer when it says `matched`, else nil: the same rule, keyword,
    /// match and replies (given the same random source), at a fraction of the cost.
    public func answer(_ input: MatchInput, now: Double, timeZone: TimeZone, limiter: ReplyLimiter,
                       random: inout some RandomNumberGenerator) -> RuleAnswer? {
        switch input.event {
        case .subscribe:
            guard let subscribe = ruleSet.subscribeReply else { return nil }
            return answer(special: subscribe, named: RuleSet.subscribeName, input, now: now, timeZone: timeZone,
                          limiter: limiter, random: &random)
        case .message:
            let rules = ruleSet.rules
            if let winner = Self.winner(of: input, matcher: matcher, rules: rules) {
                let rule = rules[winner.rule]
                let decision = limiter.decide(rule: rule.name, cooldown: rule.cooldown, account: input.limitKey,
                                              conversation: input.conversation, at: now)
                guard decision == .allow else { return nil }
                let context = Self.context(input, now: now, timeZone: timeZone, clock: rule.reply.usesClock)
                return RuleAnswer(rule: rule.name, keyword: rule.keywords[winner.keyword].text, match: winner.match,
                                  replies: rule.reply.render(context, random: &random), handoff: rule.reply.handoff,
                                  cooldown: rule.cooldown)
            }
            guard let fallback = ruleSet.defaultReply else { return nil }
            return answer(special: fallback, named: RuleSet.defaultName, input, now: now, timeZone: timeZone,
                          limiter: limiter, random: &random)
        }
    }

    /// The keyword hit that answers `input`, before limits: no list of hits, the best one kept as
    /// they come. Static and given what it reads, so that the closures below capture two
    /// references and a few fields, not copies of the engine and the input.
    private static func winner(of input: MatchInput, matcher: KeywordMatcher, rules: [Rule]) -> KeywordHit? {
        let provider = input.provider, account = input.account, chat = input.chat, mentioned = input.mentioned
        var winner: KeywordHit?
        TextNormalizer.withNormalizedBytes(input.text, inGroup: chat == .group) { normalized in
            matcher.forEachHit(in: normalized) { hit in
                guard winner.map({ precedes(hit, $0, rules) }) ?? true, rules[hit.rule].enabled,
                      rules[hit.rule].scope.exclusion(provider: provider, account: account, chat: chat,
                                                      mentioned: mentioned) == nil else { return }
                winner = hit
            }
        }
        return winner
    }

    /// Whether `challenger` answers rather than `holder`: any exact match first, then the higher
    /// priority, then the earlier rule; within one rule an exact keyword, then the earlier one
    /// (the keyword `evaluate` reports for that rule).
    static func precedes(_ challenger: KeywordHit, _ holder: KeywordHit, _ rules: [Rule]) -> Bool {
        let challengerExact = challenger.match == .exact, holderExact = holder.match == .exact
        if challengerExact != holderExact { return challengerExact }
        if challenger.rule != holder.rule {
            let challengerPriority = rules[challenger.rule].priority, holderPriority = rules[holder.rule].priority
            if challengerPriority != holderPriority { return challengerPriority > holderPriority }
            return challenger.rule < holder.rule
        }
        return challenger.keyword < holder.keyword
    }

    /// The `default` or `subscribe` reply, when its scope and limits let it answer.
    private func answer(special: SpecialReply, named name: String, _ input: MatchInput, now: Double, timeZone: TimeZone,
                        limiter: ReplyLimiter, random: inout some RandomNumberGenerator) -> RuleAnswer? {
        guard special.scope.exclusion(provider: input.provider, account: input.account, chat: input.chat,
                                      mentioned: input.mentioned) == nil,
              limiter.decide(rule: name, cooldown: special.cooldown, account: input.limitKey,
                             conversation: input.conversation, at: now) == .allow else { return nil }
        let context = Self.context(input, now: now, timeZone: timeZone, clock: special.reply.usesClock)
        return RuleAnswer(rule: name, keyword: nil, match: nil, replies: special.reply.render(context, random: &random),
                          handoff: special.reply.handoff, cooldown: special.cooldown)
    }
}
