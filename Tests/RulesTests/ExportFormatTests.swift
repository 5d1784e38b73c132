import Core
import Testing
@testable import Rules

/// The 公众号 keyword-rule export (docs/rules.md, "The 公众号 export format") with its materials.
@Suite struct ExportFormatTests {
    private let materials = """
    {
      "m1": {"type": "text", "text": "满 199 减 30"},
      "m2": {"type": "text", "text": "欢迎关注 {{account}}"},
      "m3": {"type": "text", "text": "稍后回复"}
    }
    """

    @Test func fuzzyFlagsInEveryShapeAndTheSpecialRules() throws {
        let export = """
        [
          {"rule_name": "promo", "keyword": [
            {"content": "优惠", "fuzzy": "1"}, {"content": "活动", "fuzzy": 1}, {"content": "满减", "fuzzy": true},
            {"content": "优惠券", "fuzzy": "0"}, {"content": "券", "fuzzy": 0}, {"id": "k6", "content": "红包", "fuzzy": false}
          ], "reply_id": "m1", "reply_type": "text", "id": "r1"},
          {"rule_name": "__subscribe", "keyword": [], "reply_id": "m2", "reply_type": "text"},
          {"rule_name": "__default", "reply_id": "m3", "reply_type": "text"}
        ]
        """
        let set = try ruleSet([("gzh.json", export), ("materials.json", materials)])
        #expect(set.rules.map(\.name) == ["promo"])
        #expect(set.rules[0].keywords.map(\.match) == [.contains, .contains, .contains, .exact, .exact, .exact])
        #expect(set.rules[0].line == 2)
        let engine = RuleEngine(set)
        #expect(engine.test("有什么优惠吗").replies == [.text("满 199 减 30")])
        #expect(engine.test("券").match == .exact)
        #expect(engine.test("领券").rule == "default")
        let welcome = engine.test(MatchInput(text: "", account: "shop", event: .subscribe))
        #expect(welcome.replies == [.text("欢迎关注 shop")])
    }

    @Test func exportProblemsHaveLines() {
        let export = """
        [
          {"rule_name": "a", "keyword": [{"content": "x", "fuzzy": "2"}], "reply_id": "m1", "reply_type": "text"},
          {"rule_name": "b", "keyword": [{"content": "y", "fuzzy": "1"}], "reply_id": "m1", "reply_type": "gif"},
          {"rule_name": "c", "keyword": [{"content": "z"}], "reply_id": "m1"},
          {"rule_name": "__default", "keyword": [{"content": "z", "fuzzy": "1"}], "reply_id": "m3"},
          {"rule_name": "d", "keyword": [], "reply_id": "m1", "note": 1}
        ]
        """
        #expect(problems([("gzh.json", export), ("materials.json", materials)]) == [
            "gzh.json:2: unknown fuzzy value \"2\" (\"1\", 1 or true: contains; \"0\", 0 or false: exact)",
            "gzh.json:3: unknown reply_type \"gif\" (known: text, image, news, video, music, link)",
            "gzh.json:4: a keyword needs \"content\" and \"fuzzy\" (\"1\": contains, \"0\": exact)",
            "gzh.json:5: __default takes no keywords",
            "gzh.json:6: unknown key \"note\" in rule \"d\" (allowed: rule_name, keyword, reply_id, reply_type, id)",
            "gzh.json:6: rule \"d\" has no keywords",
        ])
    }

    @Test func aBadMaterialIsReportedOnceInMaterialsJSON() {
        let export = #"[{"rule_name": "a", "keyword": [{"content": "x", "fuzzy": "1"}], "reply_id": "bad"}]"#
        let badMaterials = """
        {
          "bad": {"type": "text", "text": ""}
        }
        """
        #expect(problems([("gzh.json", export), ("materials.json", badMaterials)]) == [
            "materials.json:2: a text message needs a non-empty string \"text\"",
        ])
    }
}
