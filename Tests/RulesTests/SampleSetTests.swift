import Core
import Foundation
import JSON
import Testing
@testable import Rules

/// The repository's `Rules/` folder, read the way the service reads it.
private func sampleFiles() throws -> [(name: String, bytes: [UInt8])] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rules")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    return try names.map { name in
        (name, Array(try Data(contentsOf: folder.appendingPathComponent(name))))
    }
}

@Suite struct SampleSetTests {
    @Test func theShippedRulesFolderLoads() throws {
        let result = RuleSetLoader.load(files: try sampleFiles())
        let set = try result.get()
        #expect(set.files == ["materials.json", "shop.json", "wechat-export.json"])
        #expect(set.rules.map(\.name) == ["price", "bulk-quote", "shipping", "opening-hours", "human",
                                          "promotion", "store-address"])
        #expect(set.defaultReply != nil)
        #expect(set.subscribeReply?.file == "wechat-export.json")
    }

    @Test func theShippedRulesAnswerTheirQuestions() throws {
        let engine = RuleEngine(try RuleSetLoader.load(files: try sampleFiles()).get())
        #expect(engine.test("请问价格多少？").rule == "price")
        #expect(engine.test("几点发货").rule == "shipping")
        #expect(engine.test("你们营业时间是？").rule == "opening-hours")
        #expect(engine.test("优惠券").match == .exact)
        #expect(engine.test("门店在哪里").replies.first?.type == .link)

        let quote = engine.test("报价１００")
        #expect(quote.rule == "bulk-quote")
        #expect(quote.replies == [.text("已收到您的批量报价需求（报价１００），客服会在营业时间内联系您。")])
        #expect(quote.candidates.map(\.lostBecause) == ["lower priority than bulk-quote (10 < 20)"])

        let human = engine.test("@小助手\u{2005}转人工", chat: .group, mentioned: true)
        #expect(human.rule == "human" && human.match == .exact)
        // Unmentioned in a group: the hand-off needs a mention and the default is for private chats.
        let ignored = engine.test("转人工", chat: .group)
        #expect(!ignored.matched)
        #expect(ignored.candidates.map(\.lostBecause) == ["requires a mention", "out of scope: chat group not in [private]"])

        let welcome = engine.test(MatchInput(text: "", event: .subscribe))
        #expect(welcome.rule == "subscribe")
        #expect(welcome.replies.count == 1)
    }

    @Test func theSpecExampleLoadsWithEveryFeature() throws {
        let example = #"""
        {
          "rules": [
            {
              "name": "price",
              "keywords": ["价格", {"text": "多少钱", "match": "exact"}, {"text": "^报价\\d+$", "match": "regex"}],
              "match": "contains",
              "priority": 10,
              "scope": { "providers": ["yunzhenji", "botadmin"], "accounts": ["sales"],
                         "chats": ["private", "group"], "require_mention": true },
              "reply": {
                "mode": "all",
                "messages": [
                  { "type": "text", "text": "您好 {{sender}}，价格表见下图" },
                  { "type": "image", "url": "https://example.com/price.png" }
                ]
              },
              "cooldown_s": 60,
              "enabled": true
            }
          ],
          "subscribe": { "mode": "all", "messages": [ { "type": "text", "text": "欢迎关注" } ] },
          "default":   { "mode": "random", "messages": [ { "type": "text", "text": "收到，稍后回复您" } ], "cooldown_s": 3600 }
        }
        """#
        let set = try ruleSet([("10-shop.json", example)])
        let rule = try #require(set.rules.first)
        #expect(rule.keywords.map(\.match) == [.contains, .exact, .regex])
        #expect(rule.keywords[2].text == #"^报价\d+$"#)
        #expect(rule.scope == RuleScope(providers: [.yunzhenji, .botadmin], accounts: ["sales"],
                                        chats: [.private, .group], requireMention: true))
        #expect(rule.cooldown == 60 && rule.priority == 10 && rule.file == "10-shop.json" && rule.line == 3)
        #expect(set.defaultReply?.cooldown == 3600 && set.defaultReply?.reply.mode == .random)

        let engine = RuleEngine(set)
        let input = MatchInput(text: "报价12", provider: .yunzhenji, account: "sales", chat: .private,
                               sender: "王先生", conversation: "wx1")
        let answer = engine.test(input)
        #expect(answer.rule == "price" && answer.keyword == #"^报价\d+$"# && answer.match == .regex)
        #expect(answer.replies == [.text("您好 王先生，价格表见下图"), .image(url: "https://example.com/price.png")])
    }
}
