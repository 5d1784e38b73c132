import Testing
import JSON

/// parse(serialize(v)) == v for thousands of generated values, in every output style.
struct RoundTripTests {
    @Test(arguments: [false, true], [false, true])
    func generatedValuesSurviveSerializeThenParse(pretty: Bool, htmlSafe: Bool) throws {
        var values = RandomValues(seed: 0x5EED_0001)
        for _ in 0..<3000 {
            let value = values.value()
            let bytes = JSON.serialize(value, pretty: pretty, htmlSafe: htmlSafe)
            let parsed = try JSON.parse(bytes)
            #expect(parsed == value, "\(JSON.string(value))")
            if parsed != value { return }
        }
    }

    @Test func generatedValuesSurviveTheWriterAndTheLocatedParser() throws {
        var values = RandomValues(seed: 0x5EED_0002)
        for _ in 0..<1000 {
            let value = values.value()
            var writer = JSONWriter()
            writer.value(value)
            #expect(writer.bytes == JSON.serialize(value))
            #expect(try JSON.parseLocated(writer.bytes).value == value)
        }
    }

    @Test func doublesRoundTripBitForBit() throws {
        var values = RandomValues(seed: 0x5EED_0003)
        for _ in 0..<5000 {
            let number = values.double()
            let parsed = try JSON.parse(JSON.serialize(.double(number)))
            guard case .double(let back) = parsed else {
                Issue.record("\(number) came back as \(parsed)")
                return
            }
            #expect(back.bitPattern == number.bitPattern, "\(number)")
        }
    }

    @Test func decimalTextsParseToTheNearestDouble() throws {
        // Texts that a naive digit-by-digit conversion gets wrong in the last bit.
        let cases: [(String, Double)] = [
            ("0.1", 0.1), ("0.3", 0.3), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("2.2250738585072014e-308", .leastNormalMagnitude), ("9007199254740993", 9_007_199_254_740_992),
            ("9007199254740993.0", 9_007_199_254_740_992), ("123456789012345678e-5", 1_234_567_890_123.45678),
            ("4.9406564584124654e-324", .leastNonzeroMagnitude), ("1e23", 1e23), ("8.41e21", 8.41e21),
        ]
        for (text, expected) in cases {
            let parsed = try JSON.parse(text)
            #expect(parsed.doubleValue?.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test func canonicalTextsSerializeBackToTheSameBytes() throws {
        let texts = [
            #"{"a":[1,2.5,"x",null,true,false],"b":{},"c":[],"d":-0.0,"e":1e+16}"#,
            #"{"secret":"s3cret","msgtype":"text","text":{"content":"你好 价格"}}"#,
            #"["\"\\\n\r\t\b\f\u0000\u001f"]"#,
            #"{"dup":1,"dup":2}"#,
        ]
        for text in texts {
            #expect(JSON.string(try JSON.parse(text)) == text)
        }
    }
}
