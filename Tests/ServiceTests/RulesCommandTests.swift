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
