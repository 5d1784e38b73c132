import Foundation

/// A keyword of a rule that matched a message.
struct KeywordHit: Sendable, Hashable {
    /// Index into the rule set's `rules`.
    var rule: Int
    /// Index into that rule's `keywords`.
    var keyword: Int
    var match: MatchKind
}

/// Every keyword of a rule set, compiled once: `exact` keywords in a hash map, `contains` and
/// `prefix` keywords in one automaton, `regex` keywords (few, by nature) tried one by one.
/// A class (immutable, so honestly `Sendable`): the engine and the matching closures hold it
/// by one reference instead of copying a score of arrays.
final class KeywordMatcher: Sendable {
    private struct Reference: Sendable {
        var rule: Int32
        var keyword: Int32
        var isPrefix: Bool
    }

    private struct RegexKeyword: Sendable {
        var rule: Int
        var keyword: Int
        var expression: NSRegularExpression
    }

    private let automaton: KeywordAutomaton
    /// The keywords behind automaton pattern p: `references[referenceStart[p] ..< referenceStart[p + 1]]`.
    private let referenceStart: [Int32]
    private let references: [Reference]
    private let exact: [String: [KeywordHit]]
    /// A message longer than every exact keyword skips the hash lookup (and hashing it).
    private let longestExact: Int
    private let regexes: [RegexKeyword]

    init(rules: [Rule]) {
        var patternIndex: [String: Int] = [:]
        var patterns: [[UInt8]] = []
        var referencesByPattern: [[Reference]] = []
        var exact: [String: [KeywordHit]] = [:]
        var regexes: [RegexKeyword] = []
        for (ruleIndex, rule) in rules.enumerated() {
            for (keywordIndex, keyword) in rule.keywords.enumerated() where !keyword.normalized.isEmpty {
                switch keyword.match {
                case .exact:
                    exact[keyword.normalized, default: []]
                        .append(KeywordHit(rule: ruleIndex, keyword: keywordIndex, match: .exact))
                case .contains, .prefix:
                    let reference = Reference(rule: Int32(ruleIndex), keyword: Int32(keywordIndex),
                                              isPrefix: keyword.match == .prefix)
                    if let pattern = patternIndex[keyword.normalized] {
                        referencesByPattern[pattern].append(reference)
                    } else {
                        patternIndex[keyword.normalized] = patterns.count
                        patterns.append(Array(keyword.normalized.utf8))
                        referencesByPattern.append([reference])
                    }
                case .regex:
                    // The loader has compiled every pattern once already; a hand-built set with
                    // a bad one simply never matches it.
                    if let expression = try? NSRegularExpression(pattern: keyword.normalized, options: [.caseInsensitive]) {
                        regexes.append(RegexKeyword(rule: ruleIndex, keyword: keywordIndex, expression: expression))
                    }
                }
            }
        }
        automaton = KeywordAutomaton(patterns: patterns)
        var referenceStart: [Int32] = [0]
        referenceStart.reserveCapacity(patterns.count + 1)
        for list in referencesByPattern { referenceStart.append(referenceStart[referenceStart.count - 1] + Int32(list.count)) }
        self.referenceStart = referenceStart
        references = referencesByPattern.flatMap { $0 }
        self.exact = exact
        longestExact = exact.keys.map(\.utf8.count).max() ?? -1
        self.regexes = regexes
    }

    /// Every keyword that matches `normalized` (a message already through `TextNormalizer`),
    /// in no particular order; a rule may appear more than once.
    func hits(in normalized: [UInt8]) -> [KeywordHit] {
        normalized.withUnsafeBufferPointer { hits(in: $0) }
    }

    func hits(in normalized: UnsafeBufferPointer<UInt8>) -> [KeywordHit] {
        var hits: [KeywordHit] = []
        forEachHit(in: normalized) { hits.append($0) }
        return hits
    }

    /// Calls `body` with every keyword that matches `normalized` (valid UTF-8), as `hits` lists them.
    func forEachHit(in bytes: UnsafeBufferPointer<UInt8>, _ body: (KeywordHit) -> Void) {
        if bytes.count <= longestExact {
            for hit in exact[String(validUTF8: bytes)] ?? [] { body(hit) }
        }
        automaton.forEachMatch(in: bytes) { pattern, end in
            let startsAtZero = end + 1 == Int(automaton.patternLengths[Int(pattern)])
            for index in Int(referenceStart[Int(pattern)])..<Int(referenceStart[Int(pattern) + 1]) {
                let reference = references[index]
                if reference.isPrefix && !startsAtZero { continue }
                body(KeywordHit(rule: Int(reference.rule), keyword: Int(reference.keyword),
                                match: reference.isPrefix ? .prefix : .contains))
            }
        }
        if !regexes.isEmpty {
            let text = String(validUTF8: bytes)
            let range = NSRange(location: 0, length: text.utf16.count)
            for regex in regexes where regex.expression.firstMatch(in: text, options: [], range: range) != nil {
                body(KeywordHit(rule: regex.rule, keyword: regex.keyword, match: .regex))
            }
        }
    }
}
