import Core
import Testing
@testable import Rules

@Suite struct AutomatonTests {
    /// Every (pattern, end) occurrence, found the slow and obvious way.
    private func naive(_ patterns: [[UInt8]], _ text: [UInt8]) -> Set<[Int]> {
        var found: Set<[Int]> = []
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty && pattern.count <= text.count {
            for start in 0...(text.count - pattern.count) where text[start...].starts(with: pattern) {
                found.insert([id, start + pattern.count - 1])
            }
        }
        return found
    }

    /// The same, by looking every substring of the text up in a table: fast enough for big sets.
    private func bySubstrings(_ patterns: [[UInt8]], _ text: [UInt8]) -> Set<[Int]> {
        var ids: [[UInt8]: [Int]] = [:]
        for (id, pattern) in patterns.enumerated() { ids[pattern, default: []].append(id) }
        let longest = patterns.map(\.count).max() ?? 0
        var found: Set<[Int]> = []
        for start in text.indices {
            for end in start..<min(text.count, start + longest) {
                for id in ids[Array(text[start...end])] ?? [] { found.insert([id, end]) }
            }
        }
        return found
    }

    private func automaton(_ patterns: [[UInt8]], _ text: [UInt8], filterBits: Int? = nil) -> Set<[Int]> {
        let automaton = KeywordAutomaton(patterns: patterns, filterBits: filterBits)
        var found: Set<[Int]> = []
        var count = 0
        text.withUnsafeBufferPointer { buffer in
            automaton.forEachMatch(in: buffer) { pattern, end in
                found.insert([Int(pattern), end])
                count += 1
            }
        }
        #expect(count == found.count, "an occurrence was reported twice")
        return found
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func agreesWithANaiveMatcherOnRandomSets(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // A small alphabet makes overlaps, shared prefixes and suffix chains common.
        // A wide one gives nodes with many children (binary-searched edges). The automaton reads
        // characters, so patterns and texts are made of whole ones (of 1 to 4 UTF-8 bytes), and
        // characters no pattern has (here "x", "钱") appear in texts too.
        let alphabets: [[String]] = [["a", "b"], ["a", "b", "c"], ["价", "格", "多", "少", "钱"],
                                     "abcdefghijklmnopqrstuvwxyz0123456789".map(String.init),
                                     ["a", "é", "价", "😀", "x"]]
        for round in 0..<50 {
            let alphabet = alphabets[round % alphabets.count]
            let patternAlphabet = alphabet.count > 2 ? Array(alphabet.dropLast()) : alphabet
            let patternCount = Int.random(in: 1...60, using: &random)
            let patterns: [[UInt8]] = (0..<patternCount).map { _ in
                Array((0..<Int.random(in: 1...6, using: &random)).map { _ in patternAlphabet.randomElement(using: &random)! }
                    .joined().utf8)
            }
            let text = Array((0..<Int.random(in: 0...120, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
                .joined().utf8)
            let expected = naive(patterns, text)
            // A pair filter that lets nearly every pair through to the edge table, a small one, and the default.
            for filterBits in [64, 512, nil] {
                #expect(automaton(patterns, text, filterBits: filterBits) == expected,
                        "seed \(seed) round \(round) filter \(filterBits.map(String.init) ?? "default")")
            }
        }
    }

    @Test func overlappingAndSuffixKeywordsAreAllFound() {
        let patterns = ["he", "she", "his", "hers", "e", "s"].map { Array($0.utf8) }
        let found = automaton(patterns, Array("ushers".utf8))
        #expect(found == naive(patterns, Array("ushers".utf8)))
        #expect(found == bySubstrings(patterns, Array("ushers".utf8)))
        #expect(found == [[1, 3], [0, 3], [4, 3], [3, 5], [5, 1], [5, 5]])
    }

    @Test func duplicatePatternsAreEachReported() {
        let found = automaton([Array("价格".utf8), Array("价格".utf8)], Array("问价格".utf8))
        #expect(found == [[0, 8], [1, 8]])
    }

    @Test func cjkKeywordThatIsASuffixOfAnother() throws {
        let engine = try makeEngine("""
        {"rules": [
          {"name": "suffix", "keywords": ["钱"], "reply": {"messages": [{"type": "text", "text": "a"}]}},
          {"name": "whole", "keywords": ["多少钱"], "priority": 1, "reply": {"messages": [{"type": "text", "text": "b"}]}},
          {"name": "other", "keywords": ["格"], "reply": {"messages": [{"type": "text", "text": "c"}]}}
        ]}
        """)
        let answer = engine.test("这个多少钱？")
        #expect(answer.rule == "whole")
        #expect(answer.candidates.map(\.rule) == ["suffix"])
        #expect(engine.test("价钱").rule == "suffix")
        #expect(engine.test("价格").rule == "other")
    }

    @Test func emptyPatternSetsAndEmptyTextsFindNothing() {
        #expect(automaton([], Array("abc".utf8)).isEmpty)
        #expect(automaton([Array("a".utf8)], []).isEmpty)
    }

    @Test func tenThousandKeywordsStillFindTheRightOnes() throws {
        var random = SplitMix64(seed: 42)
        let syllables = ["价", "格", "多", "少", "钱", "发", "货", "快", "递", "人", "工", "a", "b", "c"]
        var keywords: Set<String> = []
        while keywords.count < 10_000 {
            keywords.insert((0..<Int.random(in: 2...5, using: &random)).map { _ in syllables.randomElement(using: &random)! }.joined())
        }
        let list = keywords.sorted()
        let patterns = list.map { Array($0.utf8) }
        for _ in 0..<20 {
            let text = Array((0..<40).map { _ in syllables.randomElement(using: &random)! }.joined().utf8)
            let expected = bySubstrings(patterns, text)
            #expect(automaton(patterns, text) == expected)
            #expect(automaton(patterns, text, filterBits: 64) == expected)
        }
    }

    /// An alphabet beyond 65,535 characters: classes then need more than the two bytes a
    /// character the class table keeps for the common case.
    @Test func moreThanSixtyFiveThousandDistinctCharacters() {
        let scalars = (0..<70_000).map { String(Character(Unicode.Scalar(UInt32(0x10000 + $0))!)) }
        let patterns = stride(from: 0, to: scalars.count - 1, by: 2).map { Array((scalars[$0] + scalars[$0 + 1]).utf8) }
        let text = Array((scalars[69_990] + scalars[69_991] + "x" + scalars[1] + scalars[2] + scalars[0] + scalars[1]).utf8)
        let found = automaton(patterns, text)
        #expect(found == naive(patterns, text))
        #expect(found.count == 2)
    }
}
