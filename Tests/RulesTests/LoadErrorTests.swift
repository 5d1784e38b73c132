import Testing
@testable import Rules

/// Every kind of load problem, each at its exact `FILE:LINE`.
@Suite struct LoadErrorTests {
    @Test func badJSONNamesTheLineOfTheParseError() {
        let text = """
        {
          "rules": [
            {"name": "a",, "keywords": ["x"]}
          ]
        }
        """
        let found = problems([("a.json", text)])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("a.json:3: invalid JSON") == true)
    }

    @Test func unknownKeyIsNamedWithTheAllowedOnes() {
        let text = """
        {"rules": [{
          "name": "a",
          "keywords": ["x"],
          "priorty": 3,
          "reply": {"messages": [{"type": "text", "text": "ok"}]}
        }]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:4: unknown key \"priorty\" in rule \"a\" (allowed: name, keywords, match, priority, scope, reply, cooldown_s, enabled)",
        ])
    }

    @Test func wrongTypesAreReportedWhereTheValueIs() {
        let text = """
        {"rules": [{
          "name": "a",
          "keywords": ["x"],
          "priority": "high",
          "enabled": "yes",
          "reply": {"messages": [{"type": "text", "text": "ok"}]}
        }]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:4: \"priority\" must be an integer, found string",
            "a.json:5: \"enabled\" must be true or false, found string",
        ])
    }

    @Test func unknownMatchAndMessageType() {
        let text = """
        {"rules": [{
          "name": "a",
          "keywords": [{"text": "x", "match": "fuzzy"}],
          "reply": {"messages": [
            {"type": "video", "url": "https://example.com/v.mp4"}
          ]}
        }]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:3: unknown match \"fuzzy\" (known: exact, contains, prefix, regex)",
            "a.json:5: unknown message type \"video\" (known: text, image, link, file, voice, miniprogram)",
        ])
    }

    @Test func badRegexIsRefusedAtItsLine() {
        let text = """
        {"rules": [{
          "name": "a",
          "keywords": [
            "x",
            {"text": "报价(\\\\d+", "match": "regex"}
          ],
          "reply": {"messages": [{"type": "text", "text": "ok"}]}
        }]}
        """
        let found = problems([("a.json", text)])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(#"a.json:5: bad regex "报价(\d+": it does not compile"#) == true)
    }

    @Test func unknownTemplateVariableIsRefusedAtItsString() {
        let text = """
        {"rules": [{
          "name": "a",
          "keywords": ["x"],
          "reply": {"messages": [
            {"type": "link", "title": "hi",
             "url": "https://example.com/?u={{user}}"}
          ]}
        }]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:6: unknown template variable {{user}} (known: {{sender}}, {{conversation}}, {{account}}, {{text}}, {{date}}, {{time}})",
        ])
    }

    @Test func duplicateRuleNamesAreReportedAtBothPlaces() {
        let first = """
        {"rules": [
          {"name": "price", "keywords": ["价格"], "reply": {"messages": [{"type": "text", "text": "a"}]}}
        ]}
        """
        let second = """
        {"rules": [
          {"name": "hours", "keywords": ["几点"], "reply": {"messages": [{"type": "text", "text": "b"}]}},
          {"name": "price", "keywords": ["多少钱"], "reply": {"messages": [{"type": "text", "text": "c"}]}}
        ]}
        """
        #expect(problems([("b.json", second), ("a.json", first)]) == [
            "a.json:2: rule name \"price\" is used more than once (also at b.json:3)",
            "b.json:3: rule name \"price\" is used more than once (also at a.json:2)",
        ])
    }

    @Test func moreThanFiveReplyMessages() {
        let message = #"{"type": "text", "text": "m"}"#
        let text = """
        {"rules": [{
          "name": "a",
          "keywords": ["x"],
          "reply": {"messages": [
            \(Array(repeating: message, count: 6).joined(separator: ",\n"))
          ]}
        }]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:4: the reply of rule \"a\" has 6 messages; at most 5 are allowed",
        ])
    }

    @Test func emptyKeywordsAndEmptyKeyword() {
        let text = """
        {"rules": [
          {"name": "a", "keywords": [], "reply": {"messages": [{"type": "text", "text": "ok"}]}},
          {"name": "b", "keywords": ["x",
                                     "\u{3000} "], "reply": {"messages": [{"type": "text", "text": "ok"}]}}
        ]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:2: rule \"a\" has no keywords",
            "a.json:4: empty keyword",
        ])
    }

    @Test func invalidMessageItemUsesCoresMessage() {
        let text = """
        {"rules": [{"name": "a", "keywords": ["x"], "reply": {"messages": [
          {"type": "text", "text": "ok"},
          {"type": "image"},
          {"type": "text", "txt": "typo"}
        ]}}]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:3: a image message needs a non-empty string \"url\"",
            "a.json:4: unknown key \"txt\" in a text message (allowed: type, text)",
        ])
    }

    @Test func unknownReplyIDInAnExportFile() {
        let export = """
        [
          {"rule_name": "promo", "keyword": [{"content": "优惠", "fuzzy": "1"}],
           "reply_id": "nope", "reply_type": "text"}
        ]
        """
        let materials = #"{"promo": {"type": "text", "text": "满减"}}"#
        #expect(problems([("export.json", export), ("materials.json", materials)]) == [
            "export.json:3: unknown reply_id \"nope\" (not in materials.json)",
        ])
        #expect(problems([("export.json", export)]) == [
            "export.json:3: unknown reply_id \"nope\" (there is no materials.json in the folder)",
        ])
    }

    @Test func twoFilesDefiningTheDefaultReply() {
        let native = """
        {
          "rules": [],
          "default": {"messages": [{"type": "text", "text": "稍后回复"}]}
        }
        """
        let export = """
        [
          {"rule_name": "__default", "reply_id": "later", "reply_type": "text"}
        ]
        """
        let materials = #"{"later": {"type": "text", "text": "稍后"}}"#
        #expect(problems([("a.json", native), ("b.json", export), ("materials.json", materials)]) == [
            "a.json:3: the default reply is defined more than once (also at b.json:2)",
            "b.json:2: the default reply is defined more than once (also at a.json:3)",
        ])
    }

    @Test func everyProblemOfEveryFileIsListedInFileAndLineOrder() {
        let bad = """
        {"rules": [
          {"name": "a", "keywords": ["x"], "match": "nearly", "reply": {"messages": [{"type": "text", "text": "ok"}]}},
          {"name": "b", "keywords": ["y"], "reply": {"messages": [{"type": "text", "text": "{{nobody}}"}]}}
        ],
        "extra": true}
        """
        let found = problems([("z.json", "[1]"), ("m.json", bad), ("notes.txt", "not json at all")])
        #expect(found.map { $0.prefix(while: { $0 != " " }) } == ["m.json:2:", "m.json:3:", "m.json:5:", "z.json:1:"])
    }

    @Test func scopeValuesAreChecked() {
        let text = """
        {"rules": [{"name": "a", "keywords": ["x"], "scope": {
          "providers": ["wechaty"],
          "chats": ["channel"],
          "accounts": []
        }, "reply": {"messages": [{"type": "text", "text": "ok"}]}}]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:2: unknown provider \"wechaty\" (known: botadmin, yunzhenji, gowechat, wecom)",
            "a.json:3: unknown chat \"channel\" (known: private, group)",
            "a.json:4: \"accounts\" is empty and would match nothing; leave it out to mean any",
        ])
    }

    @Test func reservedAndMissingNames() {
        let text = """
        {"rules": [
          {"name": "default", "keywords": ["x"], "reply": {"messages": [{"type": "text", "text": "ok"}]}},
          {"keywords": ["y"], "reply": {"messages": [{"type": "text", "text": "ok"}]}}
        ]}
        """
        #expect(problems([("a.json", text)]) == [
            "a.json:2: rule name \"default\" is reserved for the default reply; use the top-level \"default\" key",
            "a.json:3: a rule needs a \"name\"",
        ])
    }

    @Test func anEmptyFolderIsAnEmptySet() throws {
        let set = try ruleSet([])
        #expect(set.rules.isEmpty && set.defaultReply == nil && set.files.isEmpty)
    }
}
