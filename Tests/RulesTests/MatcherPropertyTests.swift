import Core
import Testing
@testable import Rules

/// The compiled matcher against the obvious answer: a normalized `contains` keyword hits a
/// message exactly when its UTF-8 bytes occur in the normalized message's bytes (valid UTF-8
/// occurs in valid UTF-8 only on character boundaries). Random sets and messages mix ASCII in
/// both cases, CJK, full-width forms, emoji (with modifiers and joiners) and combining marks.
@Suite struct MatcherPropertyTests {
    private static let pieces: [String] = [
        "a", "b", "A", "B", "x", "1", " ", "-",
        "价", "格", "多", "少", "钱", "退", "款",
        "ａ", "Ｂ", "１", "？", "，",
        "😀", "👍🏽", "👨‍👩‍👧", "🇨🇳",
        "e\u{301}", "\u{301}", "a\u{308}", "é", "ä", "\u{20DD}", "…", "ﬁ", "Ⅻ",
    ]

    private static func text(_ random: inout SplitMix64, length: ClosedRange<Int>, from pieces: [String]) -> String {
        (0..<Int.random(in: length, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    private static func occurs(_ pattern: [UInt8], in text: [UInt8]) -> Bool {
        guard !pattern.isEmpty, pattern.count <= text.count else { return false }
        return (0...(text.count - pattern.count)).contains { text[$0...].starts(with: pattern) }
    }

    @Test(arguments: 1...12)
    func containsHitsAgreeWithAByteScan(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<20 {
            // Rounds alternate between a narrow alphabet (shared prefixes, suffix chains) and all of it.
            let alphabet = round % 2 == 0 ? Array(Self.pieces.shuffled(using: &random).prefix(5)) : Self.pieces
            let rules = (0..<Int.random(in: 1...30, using: &random)).map { index in
                Rule(name: "rule-\(index)",
                     keywords: (0..<Int.random(in: 1...4, using: &random)).map { _ in
                         Keyword(text: Self.text(&random, length: 1...4, from: alphabet), match: .contains)
                     },
                     reply: Reply(mode: .all, messages: []))
            }
            let matcher = KeywordMatcher(rules: rules)
            for _ in 0..<20 {
                let message = Self.text(&random, length: 0...40, from: alphabet)
                let normalized = TextNormalizer.normalizedBytes(message, inGroup: false)
                var expected: Set<[Int]> = []
                for (ruleIndex, rule) in rules.enumerated() {
                    for (keywordIndex, keyword) in rule.keywords.enumerated()
                    where Self.occurs(Array(keyword.normalized.utf8), in: normalized) {
                        expected.insert([ruleIndex, keywordIndex])
                    }
                }
                let found = Set(matcher.hits(in: normalized).map { [$0.rule, $0.keyword] })
                #expect(found == expected, "seed \(seed) round \(round) message \(message.debugDescription)")
            }
        }
    }

    /// The same over the automaton alone with a pair filter of 64 bits, which lets nearly every
    /// pair of characters through to the edge table (a probe that finds nothing included).
    @Test(arguments: 1...6)
    func sparseStepsAgreeWithAByteScan(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 100)
        for _ in 0..<30 {
            let alphabet = Array(Self.pieces.shuffled(using: &random).prefix(6))
            let patterns = (0..<Int.random(in: 1...40, using: &random)).map { _ in
                TextNormalizer.normalizedBytes(Self.text(&random, length: 1...4, from: alphabet), inGroup: false)
            }
            let automaton = KeywordAutomaton(patterns: patterns, filterBits: 64)
            for _ in 0..<10 {
                let text = TextNormalizer.normalizedBytes(Self.text(&random, length: 0...40, from: alphabet), inGroup: false)
                var found: Set<Int32> = []
                text.withUnsafeBufferPointer { buffer in automaton.forEachMatch(in: buffer) { pattern, _ in found.insert(pattern) } }
                let expected = Set(patterns.indices.filter { Self.occurs(patterns[$0], in: text) }.map { Int32($0) })
                #expect(found == expected, "seed \(seed) text \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
    }
}
