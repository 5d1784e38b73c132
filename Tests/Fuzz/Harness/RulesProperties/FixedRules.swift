import Foundation
import JSON
import Rules

/// The rule set the fuzzed text is matched against: the sample shop's kinds of rules, keyword
/// families that overlap (the classic Aho–Corasick cases), every match kind, scopes, a disabled
/// rule, and a generated file large enough that the automaton has nodes past its dense rows.
enum FixedRules {
    static let engine: RuleEngine = {
        let files = [("shop.json", shop), ("stress.json", stress())]
        switch RuleSetLoader.load(files: files.map { (name: $0.0, bytes: Array($0.1.utf8)) }) {
        case .success(let set): return RuleEngine(set)
        case .failure(let errors): fatalError("the fuzzer's own rule set does not load:\n\(errors)")
        }
    }()

    static let oracle = MatchOracle(engine.ruleSet)
    static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    static let shop = #"""
    {
      "rules": [
        {"name": "price", "priority": 10, "cooldown_s": 60,
         "keywords": ["价格", "多少钱", {"text": "price", "match": "exact"}, {"text": "PRICE list", "match": "prefix"}],
         "reply": {"messages": [{"type": "text", "text": "您好 {{sender}}，价格表见下图"},
                                {"type": "image", "url": "https://example.com/price.png"}]}},
        {"name": "bulk-quote", "priority": 20,
         "keywords": [{"text": "^报价\\s*\\d+$", "match": "regex"}],
         "reply": {"messages": [{"type": "text", "text": "已收到（{{text}}）"}]}},
        {"name": "shipping", "priority": 10, "keywords": ["发货", "快递", "物流", "ｓｈｉｐ"],
         "reply": {"messages": [{"type": "text", "text": "48 小时内发货"}]}},
        {"name": "hours", "priority": 5, "keywords": ["营业时间", "几点", {"text": "hours", "match": "exact"}],
         "reply": {"messages": [{"type": "text", "text": "现在是 {{date}} {{time}}"}]}},
        {"name": "human", "priority": 100, "scope": {"require_mention": true},
         "keywords": ["人工", "客服", {"text": "转人工", "match": "exact"}],
         "reply": {"messages": [{"type": "text", "text": "已为您转接人工客服"}]}},
        {"name": "aho", "keywords": ["he", "she", "his", "hers", "ushers"],
         "reply": {"messages": [{"type": "text", "text": "aho"}]}},
        {"name": "abab", "priority": 1, "match": "prefix", "keywords": ["ab", "abab", "bab", {"text": "ab", "match": "contains"}],
         "reply": {"mode": "random", "messages": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}},
        {"name": "off", "enabled": false, "keywords": ["价格", "off"],
         "reply": {"messages": [{"type": "text", "text": "never"}]}},
        {"name": "groups", "scope": {"chats": ["group"]}, "keywords": ["hello", "@"],
         "reply": {"messages": [{"type": "text", "text": "hello group"}]}},
        {"name": "botadmin-only", "priority": 3, "scope": {"providers": ["botadmin"], "accounts": ["shop"]},
         "keywords": ["hi", {"text": "Ｈｉ", "match": "exact"}],
         "reply": {"messages": [{"type": "link", "title": "{{account}}", "url": "https://example.com/{{conversation}}"}]}},
        {"name": "regex-ci", "priority": 2, "keywords": [{"text": "h[ae]llo\\b", "match": "regex"}, "ｈｅｌｌｏ"],
         "reply": {"messages": [{"type": "text", "text": "{{text}}"}]}}
      ],
      "default": {"mode": "random", "scope": {"chats": ["private"]},
                  "messages": [{"type": "text", "text": "收到"}, {"type": "text", "text": "稍后回复"}]},
      "subscribe": {"messages": [{"type": "text", "text": "感谢关注"}]}
    }
    """#

    /// 40 rules of 10 keywords, 4 to 11 letters of a b c d, from a fixed seed: about 1340 trie
    /// nodes, over the automaton's 1024 dense rows, so the deepest states take the sparse path.
    static func stress() -> String {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let letters = Array("abcd")
        var rules: [JSONValue] = []
        for rule in 0..<40 {
            var keywords: [JSONValue] = []
            for _ in 0..<10 {
                let text = String((0..<(4 + next(8))).map { _ in letters[next(4)] })
                let match = ["contains", "contains", "contains", "prefix", "exact"][next(5)]
                keywords.append(.object(["text": .string(text), "match": .string(match)]))
            }
            rules.append(.object([
                "name": .string("g\(rule)"), "priority": .int(Int64(next(4))), "keywords": .array(keywords),
                "reply": .object(["messages": .array([.object(["type": "text", "text": .string("g\(rule)")])])]),
            ]))
        }
        return JSON.string(.object(["rules": .array(rules)]))
    }
}
