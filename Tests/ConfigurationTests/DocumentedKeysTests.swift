import Configuration
import Foundation
import Testing

/// docs/configuration.md lists every key the config file takes, and no key it refuses: a key added
/// to the decoder without a line in the reference, or a documented key that is gone, fails here.
@Suite struct DocumentedKeysTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "docs/configuration.md")

    /// Where each section's key tables sit in the file's tree of keys.
    static let sectionPrefixes = ["The config file": "", "Accounts": "accounts[].", "Subscriptions (`forward`)": "forward[]."]

    @Test func theReferenceListsExactlyTheKeysTheDecoderTakes() throws {
        let documented = try Self.documentedPaths(in: String(contentsOf: Self.reference, encoding: .utf8))
        let accepted = ConfigurationKeys.paths
        #expect(documented.subtracting(accepted).sorted() == [], "documented but refused by the decoder")
        #expect(accepted.subtracting(documented).sorted() == [], "taken by the decoder but not documented")
    }

    @Test func aRetentionKeyIsTakenAndAnUnknownOneRefused() {
        #expect(fileProblems(#"{"retention": {"events_days": 7, "messages_days": 0, "forwards_days": 365}}"#) == [])
        #expect(fileProblems(#"{"retention": {"event_days": 7}}"#).first?.contains("retention.event_days: unknown key") == true)
    }

    /// The keys of every table with a `key` column, as paths (`limits.max_body_bytes`,
    /// `accounts[].secret`), with the objects the dotted ones sit in (`limits`).
    static func documentedPaths(in markdown: String) throws -> Set<String> {
        var paths: Set<String> = []
        var prefix: String?
        var keyColumn: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                prefix = sectionPrefixes[String(line.dropFirst(3))]
                keyColumn = nil
                continue
            }
            guard line.hasPrefix("|") else {
                keyColumn = nil
                continue
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if keyColumn == nil {
                // A table's header row: does it have a column of keys?
                keyColumn = cells.firstIndex(of: "key") ?? -1
                if keyColumn != -1 {
                    try #require(prefix != nil, "a table of keys in a section this test does not place: \(line)")
                }
                continue
            }
            guard let column = keyColumn, column >= 0, let prefix, column < cells.count else { continue }
            let cell = cells[column]
            guard cell.hasPrefix("`"), cell.hasSuffix("`"), cell.count > 2 else { continue }  // the --- row
            let key = String(cell.dropFirst().dropLast())
            paths.insert(prefix + key)
            if let dot = key.firstIndex(of: ".") { paths.insert(prefix + key[..<dot]) }
        }
        return paths
    }
}
