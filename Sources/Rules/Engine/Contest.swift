/// The precedence among the rules whose keywords matched one message (docs/rules.md, "Which rule
/// answers"): any `exact` match beats any other kind; then the higher `priority`; then the earlier
/// rule (file name order, then position). Disabled and out-of-scope rules take no part but are
/// explained.
struct Contest {
    private(set) var winner: KeywordHit?
    private(set) var candidates: [Evaluation.Candidate] = []

    init(rules: [Rule], hits: [KeywordHit], input: MatchInput) {
        let entries = Self.bestPerRule(hits)
        var excluded: [Int: String] = [:]
        for entry in entries {
            let rule = rules[entry.rule]
            if !rule.enabled {
                excluded[entry.rule] = "disabled"
            } else if let reason = rule.scope.exclusion(provider: input.provider, account: input.account,
                                                        chat: input.chat, mentioned: input.mentioned) {
                excluded[entry.rule] = reason
            } else if winner.map({ Self.beats(entry, $0, rules) }) ?? true {
                winner = entry
            }
        }
        for entry in entries where entry.rule != winner?.rule {
            let rule = rules[entry.rule]
            let reason = excluded[entry.rule] ?? winner.map { Self.loss(of: entry, to: $0, rules) } ?? ""
            candidates.append(Evaluation.Candidate(rule: rule.name, keyword: rule.keywords[entry.keyword].text,
                                                   match: entry.match, lostBecause: reason))
        }
    }

    /// One hit per rule: an exact one when there is one, else its first keyword that matched.
    private static func bestPerRule(_ hits: [KeywordHit]) -> [KeywordHit] {
        let sorted = hits.sorted { left, right in
            if left.rule != right.rule { return left.rule < right.rule }
            if (left.match == .exact) != (right.match == .exact) { return left.match == .exact }
            return left.keyword < right.keyword
        }
        var best: [KeywordHit] = []
        for hit in sorted where best.last?.rule != hit.rule { best.append(hit) }
        return best
    }

    private static func beats(_ challenger: KeywordHit, _ holder: KeywordHit, _ rules: [Rule]) -> Bool {
        let challengerExact = challenger.match == .exact, holderExact = holder.match == .exact
        if challengerExact != holderExact { return challengerExact }
        let challengerPriority = rules[challenger.rule].priority, holderPriority = rules[holder.rule].priority
        if challengerPriority != holderPriority { return challengerPriority > holderPriority }
        return challenger.rule < holder.rule
    }

    private static func loss(of entry: KeywordHit, to winner: KeywordHit, _ rules: [Rule]) -> String {
        let name = rules[winner.rule].name
        if winner.match == .exact && entry.match != .exact { return "exact match of rule \(name) wins" }
        let own = rules[entry.rule].priority, theirs = rules[winner.rule].priority
        if own < theirs { return "lower priority than \(name) (\(own) < \(theirs))" }
        return "later than \(name) in file order"
    }
}
