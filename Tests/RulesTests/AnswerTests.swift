import Core
import Foundation
import Testing
@testable import Rules

/// `RuleEngine.answer`, the service's call, against `evaluate`, the explaining one: the same
/// rule, keyword, match, replies and cooldown whenever `evaluate` says `matched`, and nil
/// otherwise — through precedence, scopes, disabled rules, cooldowns and the reply cap.
@Suite struct AnswerTests {
    static let rules = #"""
    {"rules": [
      {"name": "price", "priority": 10, "cooldown_s": 60,
       "keywords": ["价格", "多少钱", {"text": "price", "match": "exact"}, {"text": "price list", "match": "prefix"}],
       "reply": {"messages": [{"type": "text", "text": "您好 {{sender}}"}]}},
      {"name": "quote", "priority": 20, "keywords": [{"text": "^报价\\s*\\d+$", "match": "regex"}],
       "reply": {"messages": [{"type": "text", "text": "{{text}}"}]}},
      {"name": "ship", "priority": 10, "keywords": ["发货", "快递", "价格"],
       "reply": {"messages": [{"type": "text", "text": "48h"}]}},
      {"name": "human", "priority": 100, "scope": {"require_mention": true}, "keywords": ["人工", {"text": "转人工", "match": "exact"}],
       "reply": {"messages": [{"type": "text", "text": "human"}]}},
      {"name": "aho", "keywords": ["he", "she", "his", "hers"], "reply": {"mode": "random",
       "messages": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}},
      {"name": "off", "enabled": false, "priority": 50, "keywords": ["价格", "off"],
       "reply": {"messages": [{"type": "text", "text": "never"}]}},
      {"name": "groups", "scope": {"chats": ["group"]}, "keywords": ["hello", "price"],
       "reply": {"messages": [{"type": "text", "text": "group"}]}},
      {"name": "same", "priority": 10, "keywords": ["快递", {"text": "快递", "match": "exact"}],
       "reply": {"messages": [{"type": "text", "text": "same"}]}}
    ],
    "default": {"cooldown_s": 30, "scope": {"chats": ["private"]}, "messages": [{"type": "text", "text": "default"}]},
    "subscribe": {"messages": [{"type": "text", "text": "welcome"}]}}
    """#

    @Test(arguments: [1, 2, 3, 4])
    func answersWhatEvaluateAnswers(seed: UInt64) throws {
        let engine = try makeEngine(Self.rules)
        var random = SplitMix64(seed: seed)
        let pieces = ["价格", "多少钱", "price", "Price List", "报价 12", "发货", "快递", "人工", "转人工", "ushers", "she",
                      "off", "hello", "@bot ", " ", "你好", "…", "ＰＲＩＣＥ", "😀"]
        var limiter = ReplyLimiter()
        for step in 0..<600 {
            let text = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let input = MatchInput(text: text, provider: .botadmin, account: "shop",
                                   chat: Bool.random(using: &random) ? .group : .private,
                                   mentioned: Bool.random(using: &random), sender: "u",
                                   conversation: "c\(Int.random(in: 0..<3, using: &random))",
                                   event: random.next() % 20 == 0 ? .subscribe : .message)
            let now = mayDayMorning + Double(step) * 7
            let seed = random.next()
            var first = SplitMix64(seed: seed), second = SplitMix64(seed: seed)
            let evaluation = engine.evaluate(input, now: now, timeZone: shanghai, limiter: limiter, random: &first)
            let answer = engine.answer(input, now: now, timeZone: shanghai, limiter: limiter, random: &second)
            if evaluation.matched {
                #expect(answer == RuleAnswer(rule: evaluation.rule ?? "", keyword: evaluation.keyword, match: evaluation.match,
                                             replies: evaluation.replies, handoff: evaluation.handoff,
                                             cooldown: evaluation.cooldown),
                        "\(text.debugDescription)")
                // Replies recorded as the service does, so cooldowns and the cap come into play.
                limiter.record(rule: evaluation.rule ?? "", account: input.limitKey, conversation: input.conversation, at: now)
            } else {
                #expect(answer == nil, "\(text.debugDescription): \(evaluation.reason ?? "")")
            }
        }
    }
}
