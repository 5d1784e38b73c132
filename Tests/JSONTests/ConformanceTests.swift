import Testing
import JSON

/// JSONTestSuite-style: inputs every RFC 8259 parser must accept (with the value they mean) and
/// inputs a strict one must reject (with the reason it gives).
struct ConformanceTests {
    struct Accepted: CustomTestStringConvertible, Sendable {
        let text: String
        let value: JSONValue
        var testDescription: String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
    }

    struct Rejected: CustomTestStringConvertible, Sendable {
        let bytes: [UInt8]
        let reason: String
        let label: String
        init(_ text: String, _ reason: String) {
            bytes = Array(text.utf8)
            self.reason = reason
            label = text
        }
        init(bytes: [UInt8], _ reason: String) {
            self.bytes = bytes
            self.reason = reason
            label = bytes.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
        }
        var testDescription: String { label.count > 40 ? String(label.prefix(40)) + "…" : label }
    }

    static let accepted: [Accepted] = [
        // numbers
        .init(text: "0", value: .int(0)),
        .init(text: "-0", value: .int(0)),
        .init(text: "123", value: .int(123)),
        .init(text: "-123", value: .int(-123)),
        .init(text: "1.5", value: .double(1.5)),
        .init(text: "-1.5e10", value: .double(-1.5e10)),
        .init(text: "1E5", value: .double(100_000)),
        .init(text: "1e+5", value: .double(100_000)),
        .init(text: "1e-5", value: .double(0.00001)),
        .init(text: "0.0", value: .double(0)),
        .init(text: "0e0", value: .double(0)),
        .init(text: "0.000001", value: .double(0.000001)),
        .init(text: "9223372036854775807", value: .int(.max)),
        .init(text: "-9223372036854775808", value: .int(.min)),
        .init(text: "9223372036854775808", value: .double(9_223_372_036_854_775_808)),
        .init(text: "-9223372036854775809", value: .double(-9.223372036854775808e18)),
        .init(text: "123456789012345678901234567890", value: .double(1.2345678901234568e29)),
        .init(text: "1e-400", value: .double(0)),
        .init(text: "1.7976931348623157e308", value: .double(.greatestFiniteMagnitude)),
        .init(text: "5e-324", value: .double(.leastNonzeroMagnitude)),
        .init(text: "0.1", value: .double(0.1)),
        .init(text: "2.2250738585072011e-308", value: .double(Double.leastNormalMagnitude.nextDown)),
        .init(text: "100000000000000000000000000000000e-10", value: .double(1e22)),
        // strings
        .init(text: #""abc""#, value: "abc"),
        .init(text: #""""#, value: ""),
        .init(text: #""\"""#, value: "\""),
        .init(text: #""\\\/\b\f\n\r\t""#, value: "\\/\u{8}\u{C}\n\r\t"),
        .init(text: #""\u0041\u00e9\u20AC""#, value: "Aé€"),
        .init(text: #""\uD83D\uDE00""#, value: "😀"),
        .init(text: #""\ud83d\ude00x""#, value: "😀x"),
        .init(text: #""a\u0000b""#, value: "a\u{0}b"),
        .init(text: #""\uFFFF""#, value: "\u{FFFF}"),
        .init(text: "\"你好 价格\"", value: "你好 价格"),
        .init(text: "\"😀\u{10FFFF}\"", value: "😀\u{10FFFF}"),
        .init(text: "\"\u{7F}\"", value: "\u{7F}"),
        .init(text: #""mixed 你\n好""#, value: "mixed 你\n好"),
        // literals and containers
        .init(text: "true", value: true),
        .init(text: "false", value: false),
        .init(text: "null", value: nil),
        .init(text: "[]", value: []),
        .init(text: "{}", value: [:]),
        .init(text: "[[]]", value: [[]]),
        .init(text: "[1,2,3]", value: [1, 2, 3]),
        .init(text: #"{"a":1,"b":[true,null]}"#, value: ["a": 1, "b": [true, nil]]),
        .init(text: #"{"":0}"#, value: ["": 0]),
        .init(text: #"{"a":1,"a":2}"#, value: .object(JSONObject([("a", 1), ("a", 2)]))),
        // whitespace
        .init(text: " \t\r\n[ 1 , 2 ]\n ", value: [1, 2]),
        .init(text: "{ \"a\" : { } , \"b\" : [ ] }", value: ["a": [:], "b": []]),
        // nesting right at the limit
        .init(text: String(repeating: "[", count: 128) + String(repeating: "]", count: 128),
              value: (1..<128).reduce(JSONValue.array([])) { inner, _ in .array([inner]) }),
    ]

    static let rejected: [Rejected] = [
        // structure
        .init("", "empty input"),
        .init(" \n", "expected a value but the input ended"),
        .init("{", "expected a string key but the input ended"),
        .init("[", "expected a value but the input ended"),
        .init("[1,]", "trailing comma before ']'"),
        .init(#"{"a":1,}"#, "trailing comma before '}'"),
        .init("[,1]", "expected a value"),
        .init("[1,,2]", "expected a value"),
        .init("{,}", "expected a string key"),
        .init(#"{"a"}"#, "expected ':' after the key"),
        .init(#"{"a" 1}"#, "expected ':' after the key"),
        .init("{a:1}", "expected a string key"),
        .init("{'a':1}", "strings take double quotes"),
        .init("[1 2]", "expected ',' or ']'"),
        .init(#"{"a":1 "b":2}"#, "expected ',' or '}'"),
        .init("[1]]", "unexpected content after the JSON value"),
        .init("[1] x", "unexpected content after the JSON value"),
        .init("{} {}", "unexpected content after the JSON value"),
        .init("1 2", "unexpected content after the JSON value"),
        .init("/* c */ 1", "comments are not allowed"),
        .init("[1] // c", "unexpected content after the JSON value"),
        .init("[1 // c\n]", "comments are not allowed"),
        .init("{\"a\":1}\u{0}", "unexpected content after the JSON value"),
        // numbers
        .init("01", "leading zeros"),
        .init("-01", "leading zeros"),
        .init("1.", "expected a digit after '.'"),
        .init("1.e5", "expected a digit after '.'"),
        .init(".5", "expected a value"),
        .init("+1", "expected a value"),
        .init("-", "expected a digit after '-'"),
        .init("-a", "expected a digit after '-'"),
        .init("1e", "expected a digit in the exponent"),
        .init("1e+", "expected a digit in the exponent"),
        .init("0x10", "unexpected content after the JSON value"),
        .init("NaN", "NaN and Infinity"),
        .init("Infinity", "NaN and Infinity"),
        .init("-Infinity", "expected a digit after '-'"),
        .init("1e400", "number out of range"),
        .init("-1e400", "number out of range"),
        .init("[1e99999999999999999999]", "number out of range"),
        // literals
        .init("tru", "expected 'true'"),
        .init("nul", "expected 'null'"),
        .init("fals", "expected 'false'"),
        .init("True", "expected a value"),
        // strings and escapes
        .init(#""abc"#, "unterminated string"),
        .init("\"a\u{1}b\"", "control character U+0001"),
        .init("\"tab\tin\"", "control character U+0009"),
        .init("\"line\nbreak\"", "line break inside a string"),
        .init(#""\x""#, "invalid escape '\\x'"),
        .init(#""\'""#, "invalid escape"),
        .init(#""\u12""#, "expected 4 hex digits"),
        .init(#""\u12G4""#, "expected 4 hex digits"),
        .init(#""\uD800""#, "lone surrogate \\uD800"),
        .init(#""\uDC00""#, "lone surrogate \\uDC00"),
        .init(#""\uD800\u0041""#, "lone surrogate"),
        .init(#""\uD800x""#, "lone surrogate"),
        .init(#""\uD800\uD800""#, "lone surrogate"),
        .init(#""\"#, "unterminated string"),
        // UTF-8
        .init(bytes: [0x22, 0xFF, 0x22], "invalid UTF-8 at byte offset 1"),
        .init(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 at byte offset 1"),
        .init(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], "invalid UTF-8"),
        .init(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8"),
        .init(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8"),
        .init(bytes: [0x22, 0xE4, 0xBD, 0x22], "invalid UTF-8"),
        .init(bytes: [0x22, 0x80, 0x22], "invalid UTF-8"),
        .init(bytes: [0x22, 0x61, 0xE4, 0xBD], "invalid UTF-8 at byte offset 2"),
        .init(bytes: [0x5B, 0xFF, 0x5D], "invalid UTF-8 at byte offset 1"),
        .init(bytes: [0x31, 0x20, 0xC3], "invalid UTF-8 at byte offset 2"),
        .init(bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], "byte order mark"),
        .init("[\u{3000}1]", "expected a value"),
        // nesting
        .init(String(repeating: "[", count: 129) + String(repeating: "]", count: 129), "nesting deeper than 128 levels"),
        .init(String(repeating: "{\"a\":", count: 129) + "1" + String(repeating: "}", count: 129), "nesting deeper than 128"),
        .init(String(repeating: "[", count: 100_000), "nesting deeper than 128 levels"),
    ]

    @Test(arguments: accepted)
    func accepts(_ example: Accepted) throws {
        #expect(try JSON.parse(example.text) == example.value)
        #expect(try JSON.parse(Array(example.text.utf8)) == example.value)
    }

    @Test(arguments: rejected)
    func rejects(_ example: Rejected) {
        #expect {
            try JSON.parse(example.bytes)
        } throws: { error in
            guard let error = error as? JSONError else { return false }
            return error.message.contains(example.reason) && error.line >= 1 && error.column >= 1
        }
    }

    @Test func everyRejectionIsAlsoRejectedByTheLocatedParserWithTheSameError() {
        for example in Self.rejected {
            var plain: JSONError?
            var located: JSONError?
            do { _ = try JSON.parse(example.bytes) } catch { plain = error }
            do { _ = try JSON.parseLocated(example.bytes) } catch { located = error }
            #expect(plain != nil && plain == located, "\(example.label)")
        }
    }

    @Test func theListsAreBigEnoughToMeanSomething() {
        #expect(Self.accepted.count + Self.rejected.count >= 60)
    }

    @Test func inputKindsAllParseTheSame() throws {
        let text = #"{"a":[1,"x",{"b":null}]}"#
        let expected: JSONValue = ["a": [1, "x", ["b": nil]]]
        let bytes = Array(text.utf8)
        #expect(try JSON.parse(text) == expected)
        #expect(try JSON.parse(bytes) == expected)
        #expect(try JSON.parse(text.utf8) == expected)
        #expect(try JSON.parse(("  " + text + "  ").utf8.dropFirst(2).dropLast(2)) == expected)
        #expect(try JSON.parse(([0x20] + bytes)[1...]) == expected)
        #expect(try JSON.parse(ContiguousArray(bytes)) == expected)
        // A collection without contiguous storage takes the copying path.
        #expect(try JSON.parse(bytes.lazy.map { $0 }) == expected)
    }
}
