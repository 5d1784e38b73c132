import Testing
@testable import Rules

@Suite struct PrecedenceTests {
    private func rule(_ name: String, _ keywords: String, priority: Int = 0, extra: String = "") -> String {
        """
        {"name": "\(name)", "keywords": \(keywords), "priority": \(priority)\(extra),
         "reply": {"messages": [{"type": "text", "text": "\(name)"}]}}
        """
    }

    @Test func anExactMatchBeatsAHigherPriority() throws {
        let engine = try makeEngine("""
        {"rules": [
          \(rule("loud", #"["价格"]"#, priority: 100)),
          \(rule("quiet", #"[{"text": "价格", "match": "exact"}]"#, priority: 1))
        ]}
        """)
        let answer = engine.test("价格")
        #expect(answer.rule == "quiet" && answer.match == .exact)
        #expect(answer.candidates == [.init(rule: "loud", keyword: "价格", match: .contains,
                                            lostBecause: "exact match of rule quiet wins")])
        // Without the exact match, priority decides.
        #expect(engine.test("价格表").rule == "loud")
    }

    @Test func higherPriorityWins() throws {
        let engine = try makeEngine("""
        {"rules": [
          \(rule("low", #"["发货"]"#, priority: 5)),
          \(rule("high", #"["什么时候"]"#, priority: 10))
        ]}
        """)
        let answer = engine.test("什么时候发货")
        #expect(answer.rule == "high")
        #expect(answer.candidates.map(\.lostBecause) == ["lower priority than high (5 < 10)"])
    }

    @Test func fileOrderThenPositionBreaksTies() throws {
        let first = #"{"rules": [\#(rule("b-first", #"["快递"]"#)), \#(rule("b-second", #"["快"]"#))]}"#
        let second = #"{"rules": [\#(rule("a-later-file", #"["递"]"#))]}"#
        let set = try ruleSet([("20-b.json", second), ("10-a.json", first)])
        #expect(set.rules.map(\.name) == ["b-first", "b-second", "a-later-file"])
        let answer = RuleEngine(set).test("快递")
        #expect(answer.rule == "b-first")
        #expect(answer.candidates.map(\.lostBecause) == ["later than b-first in file order", "later than b-first in file order"])
        #expect(answer.candidates.map(\.rule) == ["b-second", "a-later-file"])
    }

    @Test func disabledRulesNeverAnswerButAreExplained() throws {
        let engine = try makeEngine("""
        {"rules": [
          \(rule("off", #"["价格"]"#, priority: 50, extra: #", "enabled": false"#)),
          \(rule("on", #"["价"]"#))
        ]}
        """)
        let answer = engine.test("价格")
        #expect(answer.rule == "on")
        #expect(answer.candidates.map(\.lostBecause) == ["disabled"])
    }

    @Test func aRuleWithSeveralMatchingKeywordsIsOneCandidateShowingItsBest() throws {
        let engine = try makeEngine("""
        {"rules": [
          \(rule("winner", #"["hello"]"#, priority: 9)),
          \(rule("many", #"["he", "ll", {"text": "hello", "match": "exact"}]"#, priority: 1))
        ]}
        """)
        let answer = engine.test("hello")
        #expect(answer.rule == "many" && answer.keyword == "hello")
        #expect(engine.test("hello there").candidates.map(\.keyword) == ["he"])
    }

    @Test func prefixOnlyMatchesAtTheStart() throws {
        let engine = try makeEngine("""
        {"rules": [\(rule("p", #"[{"text": "查询", "match": "prefix"}]"#))]}
        """)
        #expect(engine.test("查询订单").match == .prefix)
        #expect(!engine.test("我要查询").matched)
        #expect(engine.test("@bot 查询订单", chat: .group).matched)
    }
}
