import Foundation
import JSON
import ServiceHarness
import Testing

/// `wxhook rules check` and `wxhook rules test` as an operator runs them (docs/rules.md, "Trying
/// rules without sending").
@Suite struct RulesCommandTests {
    static func folder(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("wxhook-rules")
        try FileManager.default.createDirectory(atPath: directory.file("Rules"), withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: directory.file("Rules/" + name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static let valid = #"{"rules":[{"name":"hours","keywords":["几点"],"reply":{"messages":[{"type":"text","text":"9点到18点"}]}}]}"#

    @Test func checkAcceptsAValidSetAndRefusesABadOneWithFileAndLine() async throws {
        let good = try Self.folder(["a.json": Self.valid])
        defer { good.remove() }
        let ok = try await runWxhook(["rules", "check"], directory: good.path)
        #expect(ok.status == 0)

        let bad = try Self.folder(["a.json": Self.valid, "b.json": "{\n  \"rules\": [\n    {\"name\": \"x\", \"keywords\": [\"y\"], \"match\": \"fuzzy\",\n     \"reply\": {\"messages\": [{\"type\": \"text\", \"text\": \"{{nobody}}\"}]}}\n  ]\n}\n"])
        defer { bad.remove() }
        let refused = try await runWxhook(["rules", "check"], directory: bad.path)
        #expect(refused.status == 1)
        let lines = refused.stdout.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { $0.hasPrefix("Rules/b.json:") })
        #expect(refused.stdout.contains("fuzzy"))
        #expect(refused.stdout.contains("nobody"))
    }

    @Test func testExitsZeroWhenARuleAnswersAndThreeWhenNothingDoes() async throws {
        let directory = try Self.folder(["a.json": Self.valid])
        defer { directory.remove() }
        let matched = try await runWxhook(["rules", "test", "--text", "你们几点开门", "--json"], directory: directory.path)
        #expect(matched.status == 0)
        let json = try JSON.parse(matched.stdout)
        #expect(json["rule"]?.stringValue == "hours")
        #expect(json["match"]?.stringValue == "contains")
        let silent = try await runWxhook(["rules", "test", "--text", "hello"], directory: directory.path)
        #expect(silent.status == 3)
    }

    @Test func serveRefusesToStartWithABadRuleSet() async throws {
        let directory = try Self.folder(["a.json": "{ not json"])
        defer { directory.remove() }
        let result = try await runWxhook(["serve", "--listen", "127.0.0.1:0"], directory: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Rules/a.json:1"))
    }
}

/// `rules check` and `rules test` with the configuration's subscriptions: a `forward` must name
/// one, and a test says where the message would be forwarded.
@Suite struct RulesCommandForwardTests {
    static let secret = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="

    static func folder(rules: String) throws -> TemporaryDirectory {
        let directory = try RulesCommandTests.folder(["a.json": rules])
        let config = """
            {"rules": "\(directory.file("Rules"))",
             "forward": [{"name": "crm", "url": "http://127.0.0.1:9/crm", "secret": "\(secret)",
                          "events": ["event.message"], "chats": ["private"]},
                         {"name": "llm", "url": "http://127.0.0.1:9/llm", "secret": "\(secret)", "events": []}]}
            """
        try config.write(toFile: directory.file("wxhook.json"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func testNamesTheSubscriptionsAMessageWouldBeForwardedTo() async throws {
        let directory = try Self.folder(rules: #"""
            {"rules": [{"name": "hours", "keywords": ["几点"], "reply": {"messages": [{"type": "text", "text": "9点"}]}}],
             "default": {"forward": "llm", "reply_within_s": 20}}
            """#)
        defer { directory.remove() }
        // The configuration is ./wxhook.json in the folder the command runs in.
        let handedOff = try await runWxhook(["rules", "test", "--text", "你好", "--json"], directory: directory.path)
        #expect(handedOff.status == 0, "\(handedOff.stderr)")
        let json = try JSON.parse(handedOff.stdout)
        #expect(json["rule"]?.stringValue == "default" && json["replies"]?.arrayValue?.isEmpty == true)
        #expect(json["forward"]?["subscription"]?.stringValue == "llm" && json["forward"]?["reply_within_s"]?.doubleValue == 20)
        #expect(json["forwarded_to"] == ["crm", "llm"])
        let inGroup = try await runWxhook(["rules", "test", "--text", "你好", "--chat", "group", "--json"],
                                          directory: directory.path)
        #expect(try JSON.parse(inGroup.stdout)["forwarded_to"] == ["llm"])
        let keyword = try await runWxhook(["rules", "test", "--text", "几点开门"], directory: directory.path)
        #expect(keyword.stdout.contains("forwarded to: crm\n") || keyword.stdout.hasSuffix("forwarded to: crm"), "\(keyword.stdout)")
    }

    @Test func checkRefusesAForwardToNoConfiguredSubscription() async throws {
        let directory = try Self.folder(rules: #"{"default": {"forward": "lmm"}}"#)
        defer { directory.remove() }
        let refused = try await runWxhook(["rules", "check"], directory: directory.path)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("forwards to \"lmm\", which is no subscription"), "\(refused.stdout)")
    }
}
