import Core
import JSON
import Testing
@testable import Rules

@Suite struct EvaluationJSONTests {
    private let engine: RuleEngine

    init() throws {
        engine = try makeEngine("""
        {"rules": [
          {"name": "price", "keywords": ["价格"], "priority": 10,
           "reply": {"messages": [{"type": "text", "text": "您好 {{sender}}"}, {"type": "image", "url": "https://e.com/p.png"}]}},
          {"name": "menu", "keywords": ["价"], "reply": {"messages": [{"type": "text", "text": "菜单"}]}}
        ],
        "subscribe": {"messages": [{"type": "text", "text": "欢迎关注"}]}}
        """)
    }

    @Test func aMatchRendersInTheContractShape() {
        let json = JSON.string(engine.test("价格").json)
        #expect(json == #"{"matched":true,"rule":"price","keyword":"价格","match":"contains","replies":[{"type":"text","text":"您好 tester"},{"type":"image","url":"https://e.com/p.png"}],"candidates":[{"rule":"menu","keyword":"价","lost_because":"lower priority than price (0 < 10)"}]}"#)
    }

    @Test func noMatchSaysWhy() {
        let json = JSON.string(engine.test("你好").json)
        #expect(json == #"{"matched":false,"rule":null,"keyword":null,"match":null,"replies":[],"candidates":[],"reason":"no rule matched and there is no default reply"}"#)
    }

    @Test func subscribeAnswersWithTheFollowReply() {
        let json = JSON.string(engine.test(MatchInput(text: "", event: .subscribe)).json)
        #expect(json == #"{"matched":true,"rule":"subscribe","keyword":null,"match":null,"replies":[{"type":"text","text":"欢迎关注"}],"candidates":[]}"#)
    }
}

@Suite struct RuleSetSummaryTests {
    @Test func theSummaryListsFilesAndRulesAsTheAPIShowsThem() throws {
        let set = try ruleSet([("a.json", singleRule(#""name": "price", "priority": 3, "keywords": ["价格", {"text": "^报价$", "match": "regex"}]"#))])
        #expect(JSON.string(.object(set.summaryJSON)) == #"{"files":["a.json"],"rules":[{"name":"price","file":"a.json","keywords":["价格","^报价$"],"priority":3,"enabled":true}]}"#)
    }
}
