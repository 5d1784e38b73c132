import Foundation
import Testing
@testable import Rules

@Suite struct NormalizationTests {
    @Test func fullWidthBecomesHalfWidth() {
        #expect(TextNormalizer.normalize("ＰＲＩＣＥ　１２３") == "price 123")
        #expect(TextNormalizer.normalize("报价１００") == "报价100")
    }

    @Test func caseIsFolded() {
        #expect(TextNormalizer.normalize("Hello WORLD") == "hello world")
        #expect(TextNormalizer.normalize("ÀÉÎ") == "àéî")
    }

    @Test func surroundingWhiteSpaceIsTrimmed() {
        #expect(TextNormalizer.normalize(" \t价格\n ") == "价格")
        #expect(TextNormalizer.normalize("\u{3000}价 格\u{3000}") == "价 格")
        #expect(TextNormalizer.normalize(" \n ") == "")
    }

    @Test func leadingMentionsGoInGroupsOnly() {
        // WeChat separates a mention with U+2005, which NFKC turns into a space.
        #expect(TextNormalizer.normalize("@小助手\u{2005}价格", inGroup: true) == "价格")
        #expect(TextNormalizer.normalize("@小助手\u{2005}@张三 \u{2005}价格", inGroup: true) == "价格")
        #expect(TextNormalizer.normalize("＠小助手 价格", inGroup: true) == "价格")
        #expect(TextNormalizer.normalize("@小助手\u{2005}价格", inGroup: false) == "@小助手 价格")
    }

    @Test func onlyLeadingMentionsAreRemoved() {
        #expect(TextNormalizer.normalize("价格 @小助手 多少", inGroup: true) == "价格 @小助手 多少")
        #expect(TextNormalizer.normalize("@小助手", inGroup: true) == "@小助手")
        #expect(TextNormalizer.normalize("@a @b", inGroup: true) == "@b")
    }

    @Test func keywordsAreNormalizedAtLoadTime() throws {
        let engine = try makeEngine(singleRule(#""name": "a", "keywords": [" ＰＲＩＣＥ ", {"text": "Ｈｉ", "match": "exact"}]"#))
        #expect(engine.ruleSet.rules[0].keywords.map(\.normalized) == ["price", "hi"])
        #expect(engine.test("what is the Price?").rule == "a")
        #expect(engine.test("@bot\u{2005}HI", chat: .group).match == .exact)
        #expect(engine.ruleSet.rules[0].keywords[0].text == " ＰＲＩＣＥ ")
    }

    @Test func regexPatternsKeepTheirCaseButMatchCaseInsensitively() throws {
        let engine = try makeEngine(singleRule(#""name": "a", "keywords": [{"text": "^ORDER\\S+$", "match": "regex"}]"#))
        #expect(engine.ruleSet.rules[0].keywords[0].normalized == #"^ORDER\S+$"#)
        #expect(engine.test("Order１２３").rule == "a")
        #expect(!engine.test("order 123").matched)
    }
}

@Suite struct NormalizationFastPathTests {
    /// Foundation's answer, the reference for the fast path.
    private func reference(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
    }

    @Test func everyScalarTheFastPathTakesAgreesWithFoundation() {
        var ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0xFF01...0xFF5E, 0x3000...0x3000, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                                             0x3001...0x3029, 0x3030...0x3035]
        ranges += [0x2014, 0x2018, 0x2019, 0x201C, 0x201D].map { $0...$0 }
        var checked = 0
        for range in ranges {
            for value in range {
                let text = String(Character(Unicode.Scalar(value)!))
                #expect(TextNormalizer.fastFolded(text) == reference(text), "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 27_000)
    }

    @Test func mixedTextTakesTheFastPathAndAgrees() {
        let samples = ["Hello，ＷＯＲＬＤ！价格多少？", "「发货」了吗　OK", "A“B”—C", "abc"]
        for sample in samples {
            #expect(TextNormalizer.fastFolded(sample) == reference(sample))
        }
    }

    @Test func otherTextTakesTheGeneralPath() {
        // A combining accent composes with the letter before it: only Foundation gets it right.
        #expect(TextNormalizer.fastFolded("Cafe\u{301}") == nil)
        #expect(TextNormalizer.normalize("Cafe\u{301}") == "café")
        #expect(TextNormalizer.fastFolded("ﬁ…") == nil)
        #expect(TextNormalizer.normalize("ﬁ…") == "fi...")
    }
}
