import Testing
import JSON

/// The writer places commas for its caller, and what it writes parses back to what was meant.
struct WriterTests {
    @Test func nestedOutputParsesBackToTheSameValue() throws {
        var writer = JSONWriter()
        writer.object { w in
            w.field("ok", true)
            w.field("id", 42)
            w.field("big", Int64.min)
            w.field("ratio", 0.5)
            w.field("name", "价格 \"quoted\"")
            w.field("note", nil)
            w.field("tree", ["a": [1, 2]])
            w.array("tags") { w in
                w.string("a")
                w.int(1)
                w.null()
                w.object { _ in }
                w.array { w in w.bool(false) }
            }
            w.object("inner") { w in
                w.key("raw")
                w.raw(#"{"pre":"made"}"#)
                w.key("rawBytes")
                w.raw([0x5B, 0x5D])
            }
        }
        let expected: JSONValue = [
            "ok": true, "id": 42, "big": .int(.min), "ratio": 0.5, "name": "价格 \"quoted\"", "note": nil,
            "tree": ["a": [1, 2]], "tags": ["a", 1, nil, [:], [false]],
            "inner": ["raw": ["pre": "made"], "rawBytes": []],
        ]
        #expect(try JSON.parse(writer.bytes) == expected)
        #expect(writer.bytes == JSON.serialize(expected))
    }

    @Test func beginAndEndWriteTheSameAsTheClosureForms() {
        var explicit = JSONWriter()
        explicit.beginArray()
        explicit.beginObject()
        explicit.key("a")
        explicit.int(1)
        explicit.key("b")
        explicit.beginArray()
        explicit.endArray()
        explicit.endObject()
        explicit.double(2.0)
        explicit.string("x")
        explicit.endArray()
        #expect(explicit.text == #"[{"a":1,"b":[]},2.0,"x"]"#)
    }

    @Test func topLevelScalarsAndSequencesOfDocumentsAreNotJoinedByAccident() {
        var writer = JSONWriter()
        writer.string("only")
        #expect(writer.text == #""only""#)
    }

    @Test func htmlSafeAppliesToKeysAndValues() throws {
        var writer = JSONWriter(htmlSafe: true)
        writer.object { w in w.field("<k>", "</script>&") }
        #expect(writer.text == #"{"\u003ck\u003e":"\u003c/script\u003e\u0026"}"#)
        #expect(try JSON.parse(writer.bytes) == ["<k>": "</script>&"])
    }

    @Test func writerMatchesSerializeForAnswersBuiltFieldByField() {
        var writer = JSONWriter(capacity: 16)
        writer.object { w in
            w.field("ok", false)
            w.field("error", "body is not JSON: line 1, column 2: expected a value")
        }
        let tree: JSONValue = ["ok": false, "error": "body is not JSON: line 1, column 2: expected a value"]
        #expect(writer.bytes == JSON.serialize(tree))
    }
}
