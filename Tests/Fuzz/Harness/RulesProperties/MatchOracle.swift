import CStringSearch
import Foundation
import Rules

/// What `RuleEngine.evaluate` must answer, worked out the slow, obvious way from docs/rules.md:
/// every keyword tried on its own (byte search, equality, the regex), one hit per rule (an exact
/// one first, else the first keyword), then exact beats other kinds, higher priority, earlier rule;
/// the `default` reply when no rule applies.
struct MatchOracle {
    struct Answer: Equatable, CustomStringConvertible {
        var matched: Bool
        var rule: String?
        var keyword: String?
        var match: MatchKind?
        /// "rule|keyword|match" of every candidate, in order.
        var candidates: [String]
        var replyCount: Int

        var description: String {
            "matched \(matched) rule \(rule ?? "-") keyword \(keyword ?? "-") match \(match.map(\.rawValue) ?? "-") "
                + "candidates \(candidates) replies \(replyCount)"
        }
    }

    private struct Entry {
        var rule: Int
        var keyword: Int
        var match: MatchKind
    }

    /// A keyword ready to try: its bytes, or its compiled regex.
    private struct Trial {
        var entry: Entry
        var pattern: [UInt8]
        var regex: NSRegularExpression?
    }

    let ruleSet: RuleSet
    /// Every keyword but the exact ones, in rule then keyword order.
    private let trials: [Trial]
    /// The exact keywords by their normalized text (String equality, as a lookup by it gives).
    private let exact: [String: [Entry]]

    init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        var trials: [Trial] = []
        var exact: [String: [Entry]] = [:]
        for (ruleIndex, rule) in ruleSet.rules.enumerated() {
            for (keywordIndex, keyword) in rule.keywords.enumerated() where !keyword.normalized.isEmpty {
                let entry = Entry(rule: ruleIndex, keyword: keywordIndex, match: keyword.match)
                switch keyword.match {
                case .exact:
                    exact[keyword.normalized, default: []].append(entry)
                case .contains, .prefix:
                    trials.append(Trial(entry: entry, pattern: Array(keyword.normalized.utf8)))
                case .regex:
                    let regex = try? NSRegularExpression(pattern: keyword.normalized, options: [.caseInsensitive])
                    trials.append(Trial(entry: entry, pattern: [], regex: regex))
                }
            }
        }
        self.trials = trials
        self.exact = exact
    }

    func answer(_ input: MatchInput) -> Answer {
        let normalized = TextNormalizer.normalize(input.text, inGroup: input.chat == .group)
        let text = Array(normalized.utf8)
        let rules = ruleSet.rules
        // Per rule, the first keyword that hits, and the first exact one.
        var first = [Entry?](repeating: nil, count: rules.count)
        var firstExact = [Entry?](repeating: nil, count: rules.count)
        for entry in exact[normalized] ?? [] where firstExact[entry.rule].map({ entry.keyword < $0.keyword }) ?? true {
            firstExact[entry.rule] = entry
        }
        for trial in trials where hits(trial, normalized, text) {
            let entry = trial.entry
            if first[entry.rule].map({ entry.keyword < $0.keyword }) ?? true { first[entry.rule] = entry }
        }
        let entries = rules.indices.compactMap { firstExact[$0] ?? first[$0] }

        var winner: Entry?
        for entry in entries where rules[entry.rule].enabled && exclusion(rules[entry.rule].scope, input) == nil {
            guard let holder = winner else {
                winner = entry
                continue
            }
            let key = { (entry: Entry) in (entry.match == .exact ? 1 : 0, rules[entry.rule].priority, -entry.rule) }
            if key(entry) > key(holder) { winner = entry }
        }
        var candidates = entries.filter { $0.rule != winner?.rule }.map { entry in
            "\(rules[entry.rule].name)|\(rules[entry.rule].keywords[entry.keyword].text)|\(entry.match.rawValue)"
        }
        if let winner {
            let rule = rules[winner.rule]
            return Answer(matched: true, rule: rule.name, keyword: rule.keywords[winner.keyword].text, match: winner.match,
                          candidates: candidates, replyCount: count(rule.reply))
        }
        guard let fallback = ruleSet.defaultReply else {
            return Answer(matched: false, candidates: candidates, replyCount: 0)
        }
        if exclusion(fallback.scope, input) != nil {
            candidates.append("\(RuleSet.defaultName)||")
            return Answer(matched: false, candidates: candidates, replyCount: 0)
        }
        return Answer(matched: true, rule: RuleSet.defaultName, candidates: candidates, replyCount: count(fallback.reply))
    }

    /// The engine's evaluation in the same terms.
    static func answer(of evaluation: Evaluation) -> Answer {
        let candidates = evaluation.candidates.map { "\($0.rule)|\($0.keyword ?? "")|\($0.match?.rawValue ?? "")" }
        return Answer(matched: evaluation.matched, rule: evaluation.rule, keyword: evaluation.keyword,
                      match: evaluation.match, candidates: candidates, replyCount: evaluation.replies.count)
    }

    private func hits(_ trial: Trial, _ normalized: String, _ text: [UInt8]) -> Bool {
        switch trial.entry.match {
        case .exact:
            return false
        case .prefix:
            return text.starts(with: trial.pattern)
        case .contains:
            // The C library's substring search: independent of the automaton, and quick.
            return text.withUnsafeBytes { text in
                trial.pattern.withUnsafeBytes { pattern in
                    memmem(text.baseAddress, text.count, pattern.baseAddress, pattern.count) != nil
                }
            }
        case .regex:
            guard let regex = trial.regex else { return false }
            let range = NSRange(location: 0, length: normalized.utf16.count)
            return regex.firstMatch(in: normalized, options: [], range: range) != nil
        }
    }

    private func exclusion(_ scope: RuleScope, _ input: MatchInput) -> String? {
        scope.exclusion(provider: input.provider, account: input.account, chat: input.chat, mentioned: input.mentioned)
    }

    private func count(_ reply: Reply) -> Int {
        reply.mode == .all ? reply.messages.count : 1
    }
}
