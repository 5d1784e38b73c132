import Testing
import JSON

/// Providers send numbers as strings and strings as numbers; the accessors read either.
struct AccessorTests {
    @Test func stringValueRendersNumbersWithoutAFractionWhenIntegral() {
        #expect(JSONValue.string("abc").stringValue == "abc")
        #expect(JSONValue.int(-42).stringValue == "-42")
        #expect(JSONValue.double(1_700_000_000_123).stringValue == "1700000000123")
        #expect(JSONValue.double(2.5).stringValue == "2.5")
        #expect(JSONValue.double(-0.0).stringValue == "0")
        #expect(JSONValue.double(.nan).stringValue == nil)
        #expect(JSONValue.bool(true).stringValue == nil)
        #expect(JSONValue.null.stringValue == nil)
        #expect(JSONValue.array([]).stringValue == nil)
    }

    @Test func int64ValueAcceptsIntegralDoublesAndIntegerStrings() {
        #expect(JSONValue.int(.max).int64Value == .max)
        #expect(JSONValue.double(12).int64Value == 12)
        #expect(JSONValue.double(12.5).int64Value == nil)
        #expect(JSONValue.double(9.3e18).int64Value == nil)
        #expect(JSONValue.double(-0x1p63).int64Value == .min)
        #expect(JSONValue.double(.infinity).int64Value == nil)
        #expect(JSONValue.string("1234567890123").int64Value == 1_234_567_890_123)
        #expect(JSONValue.string("-7").int64Value == -7)
        #expect(JSONValue.string("+7").int64Value == nil)
        #expect(JSONValue.string("7.0").int64Value == nil)
        #expect(JSONValue.string(" 7").int64Value == nil)
        #expect(JSONValue.string("99999999999999999999").int64Value == nil)
        #expect(JSONValue.bool(true).int64Value == nil)
        #expect(JSONValue.int(5).intValue == 5)
    }

    @Test func doubleValueAcceptsNumbersAndDecimalStrings() {
        #expect(JSONValue.int(3).doubleValue == 3)
        #expect(JSONValue.double(0.25).doubleValue == 0.25)
        #expect(JSONValue.string("3.5").doubleValue == 3.5)
        #expect(JSONValue.string("-2e3").doubleValue == -2000)
        #expect(JSONValue.string("nan").doubleValue == nil)
        #expect(JSONValue.string("inf").doubleValue == nil)
        #expect(JSONValue.string("1e999").doubleValue == nil)
        #expect(JSONValue.string("0x10").doubleValue == nil)
        #expect(JSONValue.string("").doubleValue == nil)
        #expect(JSONValue.null.doubleValue == nil)
    }

    @Test func boolValueAcceptsZeroOneAndTheirStrings() {
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.int(1).boolValue == true)
        #expect(JSONValue.int(0).boolValue == false)
        #expect(JSONValue.int(2).boolValue == nil)
        #expect(JSONValue.string("true").boolValue == true)
        #expect(JSONValue.string("false").boolValue == false)
        #expect(JSONValue.string("1").boolValue == true)
        #expect(JSONValue.string("0").boolValue == false)
        #expect(JSONValue.string("yes").boolValue == nil)
        #expect(JSONValue.string("TRUE").boolValue == nil)
        #expect(JSONValue.null.boolValue == nil)
    }

    @Test func containerAccessorsAndSubscripts() throws {
        let value = try JSON.parse(#"{"text":{"content":"hi"},"list":[10,"x"],"none":null}"#)
        #expect(value["text"]?["content"]?.stringValue == "hi")
        #expect(value["list"]?[0]?.int64Value == 10)
        #expect(value["list"]?[1] == "x")
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value["missing"] == nil)
        #expect(value["none"]?.isNull == true)
        #expect(value["text"]?.isNull == false)
        #expect(value[0] == nil)
        #expect(value["list"]?["key"] == nil)
        #expect(value.objectValue?.keys == ["text", "list", "none"])
        #expect(value["list"]?.arrayValue?.count == 2)
        #expect(value.arrayValue == nil)
        #expect(value["list"]?.objectValue == nil)
        #expect(value.typeName == "object")
        #expect(value["list"]?[0]?.typeName == "number")
    }

    @Test func literalsBuildTheValuesTheySpell() {
        let built: JSONValue = ["ok": true, "id": 42, "ratio": 0.5, "name": "x", "tags": ["a"], "note": nil]
        #expect(built == .object(JSONObject([
            ("ok", .bool(true)), ("id", .int(42)), ("ratio", .double(0.5)), ("name", .string("x")),
            ("tags", .array([.string("a")])), ("note", .null),
        ])))
        #expect(JSONValue(7) == .int(7))
        #expect(JSONValue(Int64(7)) == .int(7))
        #expect(JSONValue(7.0) == .double(7))
        #expect(JSONValue("s") == .string("s"))
        #expect(JSONValue(false) == .bool(false))
        #expect(JSONValue(nil as String?) == .null)
        #expect(JSONValue.int(1) != JSONValue.double(1))
    }
}
