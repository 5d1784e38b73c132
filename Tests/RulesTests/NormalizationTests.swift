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
