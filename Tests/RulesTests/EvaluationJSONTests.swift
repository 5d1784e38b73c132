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
        #expect(JSON.string(.object(set.summaryJSON)) == #"{"files":["a.json"],"rules":[{"name":"price","file":"a.json","keywords":["价格","^报价$"],"priority":3,"enabled":true,"scope":{"providers":null,"accounts":null,"chats":null,"require_mention":false},"cooldown_s":0.0,"reply":{"mode":"all","messages":[{"type":"text","text":"ok"}],"forward":null}}],"default_reply":null,"subscribe_reply":null}"#)
    }
}

@Suite struct RuleSetSpecialRepliesSummaryTests {
    /// What an operator needs to see to know why something answered or did not: where each rule
    /// applies, its cooldown, what it replies (templates as written) or whom it hands the message
    /// to, and the default and follow replies.
    @Test func theSummaryShowsScopesCooldownsAndTheSpecialReplies() throws {
        let set = try ruleSet([("a.json", #"""
            {"rules": [{"name": "human", "keywords": ["人工"], "reply": {"forward": "crm"},
                        "scope": {"providers": ["yunzhenji"], "chats": ["group"], "require_mention": true}, "cooldown_s": 60}],
             "default": {"mode": "random", "messages": [{"type": "text", "text": "收到 {{sender}}"}], "cooldown_s": 3600},
             "subscribe": {"messages": [{"type": "text", "text": "欢迎"}], "scope": {"accounts": ["shop"]}}}
            """#)])
        let summary = set.summaryJSON
        let rule = try #require(summary["rules"]?[0])
        #expect(JSON.string(try #require(rule["scope"])) == #"{"providers":["yunzhenji"],"accounts":null,"chats":["group"],"require_mention":true}"#)
        #expect(rule["cooldown_s"] == .double(60))
        #expect(JSON.string(try #require(rule["reply"])) == #"{"mode":"all","messages":[],"forward":{"subscription":"crm","reply_within_s":60.0}}"#)
        let fallback = try #require(summary["default_reply"])
        #expect(fallback["cooldown_s"] == .double(3600))
        #expect(fallback["file"] == "a.json")
        #expect(JSON.string(try #require(fallback["reply"])) == #"{"mode":"random","messages":[{"type":"text","text":"收到 {{sender}}"}],"forward":null}"#)
        let follow = try #require(summary["subscribe_reply"])
        #expect(follow["scope"]?["accounts"] == ["shop"])
        #expect(follow["reply"]?["messages"]?[0]?["text"] == "欢迎")
    }
}
