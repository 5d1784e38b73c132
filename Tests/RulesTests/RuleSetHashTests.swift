import Rules
import Testing

/// `rules_hash` in `/health`: the same files give the same hash wherever they are loaded.
@Suite struct RuleSetHashTests {
    static let price = #"{"rules":[{"name":"price","keywords":["价格"],"reply":{"messages":[{"type":"text","text":"见图"}]}}]}"#
    static let hours = #"{"rules":[{"name":"hours","keywords":["几点"],"reply":{"messages":[{"type":"text","text":"9-18"}]}}]}"#

    func hash(_ files: [(String, String)]) throws -> String {
        try RuleSetLoader.load(files: files.map { ($0.0, Array($0.1.utf8)) }).get().sourceHash
    }

    @Test func sameFilesSameHashWhateverTheOrderTheyWereRead() throws {
        let one = try hash([("a.json", Self.price), ("b.json", Self.hours)])
        #expect(one.count == 16 && one.allSatisfy(\.isHexDigit))
        #expect(try hash([("b.json", Self.hours), ("a.json", Self.price)]) == one)
        // The folder the files were read from does not count; files the loader ignores neither.
        #expect(try hash([("/srv/a/Rules/a.json", Self.price), ("Rules/b.json", Self.hours)]) == one)
        #expect(try hash([("a.json", Self.price), ("b.json", Self.hours), ("notes.txt", "x")]) == one)
    }

    @Test func anyChangeChangesTheHash() throws {
        let one = try hash([("a.json", Self.price), ("b.json", Self.hours)])
        #expect(try hash([("a.json", Self.price)]) != one)
        #expect(try hash([("a.json", Self.price), ("c.json", Self.hours)]) != one)
        #expect(try hash([("a.json", Self.price), ("b.json", Self.hours + " ")]) != one)
        #expect(RuleSet.empty.sourceHash == (try hash([])))
    }
}
