import Delivery
import Foundation
import Testing

/// What a new user reads and copies first: the README's commands and configs, SECURITY.md, and
/// `.gitignore` for the files those commands create.
@Suite struct FirstRunDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ name: String) throws -> String {
        try String(contentsOf: root.appending(path: name), encoding: .utf8)
    }

    /// The README's shell and JSON blocks.
    static func codeBlocks() throws -> [String] {
        let parts = try read("README.md").components(separatedBy: "```")
        return stride(from: 1, to: parts.count, by: 2).map { parts[$0] }
    }

    @Test func everyConfigTheReadmeHasYouWritePointsAtThisMachine() throws {
        // A sample account aimed at a real provider sends real replies (and retries them).
        let urls = try Self.codeBlocks().joined().matches(of: #/"base_url":\s*"([^"]*)"/#).map { String($0.output.1) }
        #expect(!urls.isEmpty)
        for url in urls { #expect(url.hasPrefix("http://127.0.0.1:"), "README config points at \(url)") }
    }

    @Test func theWalkThroughBuildsOnceAndStartsTheSimulatorBeforeServe() throws {
        for block in try Self.codeBlocks() where block.hasPrefix("sh\n") && block.contains(" sim ") && block.contains(" serve") {
            let lines = block.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
            // Two `swift run` at once fight over .build; a binary built beforehand does not.
            #expect(!lines.contains { $0.hasPrefix("swift run") && $0.contains("&") }, "\(block)")
            let sim = lines.firstIndex { $0.contains(" sim ") }, serve = lines.firstIndex { $0.contains(" serve") }
            #expect(sim != nil && serve != nil && sim! < serve!, "serve starts before the simulator:\n\(block)")
        }
    }

    @Test func theReadmeNamesEveryMessageState() throws {
        let readme = try Self.read("README.md")
        for state in DeliveryState.allCases {
            #expect(readme.contains("`\(state.rawValue)`"), "README never names the state \(state.rawValue)")
        }
    }

    @Test func securityDoesNotClaimTheDashboardPageNeedsTheToken() throws {
        let rows = try Self.read("SECURITY.md").split(separator: "\n").filter { $0.contains("admin_token") && $0.hasPrefix("|") }
        #expect(!rows.isEmpty)
        for row in rows {
            let reaches = row.split(separator: "|").dropFirst().first ?? ""
            #expect(!reaches.contains("`/`"), "\(row)")
        }
    }

    @Test func whatTheFirstCommandsCreateStaysOutOfGit() throws {
        let ignored = Set(try Self.read(".gitignore").split(separator: "\n").map(String.init))
        for entry in ["/wxhook.json", "/data/"] { #expect(ignored.contains(entry), ".gitignore lacks \(entry)") }
    }
}
