import Testing
import JSON

struct SerializeTests {
    @Test func stringsEscapeQuotesBackslashesAndControlCharactersOnly() {
        let value: JSONValue = "q\" b\\ s/ n\n r\r t\t b\u{8} f\u{C} z\u{0} u\u{1F} del\u{7F} 你好 😀 <&>"
        #expect(JSON.string(value) == #""q\" b\\ s/ n\n r\r t\t b\b f\f z\u0000 u\u001f del"# + "\u{7F} 你好 😀 <&>\"")
    }

    @Test func nonASCIIIsWrittenAsUTF8NotEscapes() {
        let bytes = JSON.serialize("é你😀")
        #expect(bytes == [0x22] + Array("é你😀".utf8) + [0x22])
    }

    @Test func htmlSafeEscapesMarkupCharactersAndLineSeparators() {
        let value: JSONValue = ["</script><b>": "a & b \u{2028}\u{2029} ≤"]
        #expect(JSON.string(value, htmlSafe: true)
            == #"{"\u003c/script\u003e\u003cb\u003e":"a \u0026 b \u2028\u2029 ≤"}"#)
        #expect(JSON.string(value) == "{\"</script><b>\":\"a & b \u{2028}\u{2029} ≤\"}")
    }

    @Test func numbersAreWrittenShortestAndKeepTheirKind() {
        let value: JSONValue = [1, -1, .int(.min), .int(.max), 1.0, -0.0, 0.1, 1e16, 1.5e-7, .double(.leastNonzeroMagnitude), 1.7976931348623157e308]
        #expect(JSON.string(value)
            == "[1,-1,-9223372036854775808,9223372036854775807,1.0,-0.0,0.1,1e+16,1.5e-07,5e-324,1.7976931348623157e+308]")
    }

    @Test func nonFiniteDoublesAreWrittenAsNull() {
        let value: JSONValue = [.double(.nan), .double(.infinity), .double(-.infinity)]
        #expect(JSON.string(value) == "[null,null,null]")
        var writer = JSONWriter()
        writer.double(.nan)
        #expect(writer.text == "null")
    }

    @Test func prettyIndentsTwoSpacesAndKeepsEmptyContainersShort() {
        let value: JSONValue = ["a": 1, "b": [true, nil], "c": [:], "d": [], "e": ["f": "g"]]
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                null
              ],
              "c": {},
              "d": [],
              "e": {
                "f": "g"
              }
            }
            """
        #expect(JSON.string(value, pretty: true) == expected)
        #expect(JSON.string(value) == #"{"a":1,"b":[true,null],"c":{},"d":[],"e":{"f":"g"}}"#)
    }

    @Test func escapesAreFoundAtEveryOffsetOfLongStrings() throws {
        let plain = "abcdefghijklmnopqrstuvwxyz0123456789"
        let specials: [(Character, String)] = [("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{0}", #"\u0000"#),
                                               ("\u{1F}", #"\u001f"#), ("你", "你")]
        for offset in 0..<24 {
            let head = String(plain.prefix(offset))
            let tail = String(plain.dropFirst(offset))
            for (special, written) in specials {
                let value = JSONValue.string(head + String(special) + tail)
                #expect(JSON.string(value) == "\"" + head + written + tail + "\"")
                #expect(try JSON.parse(JSON.serialize(value)) == value)
            }
            #expect(JSON.string(.string(head + "<" + tail), htmlSafe: true) == "\"" + head + #"\u003c"# + tail + "\"")
        }
    }

    @Test func scalarsAtTheTop() {
        #expect(JSON.string(nil) == "null")
        #expect(JSON.string(true) == "true")
        #expect(JSON.string("") == "\"\"")
        #expect(JSONValue.array([1, "x"]).description == #"[1,"x"]"#)
    }
}
