import Testing
import JSON

/// Containers wider than the parser's first (stack-allocated) buffers, and errors thrown while
/// many children are still pending: the values must come out whole and in order.
struct LargeDocumentTests {
    static func longString(_ index: Int) -> String {
        // Longer than 15 UTF-8 bytes, so each string is a heap object that must be kept alive.
        "element number \(index) with some padding"
    }

    @Test func wideArraysAndObjectsKeepEveryChildInOrder() throws {
        let array = JSONValue.array((0..<1000).map { .string(Self.longString($0)) })
        let object = JSONValue.object(JSONObject((0..<300).map { (Self.longString($0), .int(Int64($0))) }))
        let nested: JSONValue = ["array": array, "object": object, "mixed": [array, object, array]]
        let text = JSON.serialize(nested)
        #expect(try JSON.parse(text) == nested)
        #expect(try JSON.parseLocated(text).value == nested)
        #expect(try JSON.parse(text)["array"]?[999]?.stringValue == Self.longString(999))
        #expect(try JSON.parse(text)["object"]?.objectValue?.keys.last == Self.longString(299))
    }

    @Test func deepAndWideAtOnce() throws {
        var value: JSONValue = "leaf"
        for level in 0..<100 {
            value = .array((0..<20).map { .string(Self.longString($0 + level)) } + [value])
        }
        #expect(try JSON.parse(JSON.serialize(value)) == value)
    }

    @Test func errorsAfterManyPendingChildrenAreStillReported() {
        let open = "[" + (0..<500).map { "\"\(Self.longString($0))\"" }.joined(separator: ",")
        let texts = [
            open + ",]",
            "{\"a\":" + open + "," + open + ", x",
            String(repeating: "[" + open + ",", count: 50) + "\"unterminated",
        ]
        for text in texts {
            #expect(throws: JSONError.self) { try JSON.parse(text) }
            #expect(throws: JSONError.self) { try JSON.parseLocated(text) }
        }
    }
}
