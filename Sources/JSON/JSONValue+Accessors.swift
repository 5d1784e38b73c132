// Tolerant accessors: providers send numbers as strings and strings as numbers, so a reader asks
// for what it needs and gets it when the value can honestly be read that way.
extension JSONValue {
    /// `.string` as is; `.int`/`.double` as text (an integral double without ".0").
    public var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number):
            guard number.isFinite else { return nil }
            if let integral = Self.exactInteger(number) { return String(integral) }
            return number.description
        default: return nil
        }
    }

    /// `.int`; a `.double` with an integral value in range; a `.string` holding an integer
    /// ("42", "-7"; no spaces, no fraction).
    public var int64Value: Int64? {
        switch self {
        case .int(let number): return number
        case .double(let number): return Self.exactInteger(number)
        case .string(let text): return Self.integer(in: text)
        default: return nil
        }
    }

    /// `int64Value` as `Int` (the same on 64-bit platforms).
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// `.int`/`.double`, or a `.string` holding a decimal number ("3.5", "-2e3"; no "nan", "inf", hex).
    public var doubleValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .string(let text): return Self.decimal(in: text)
        default: return nil
        }
    }

    /// `.bool`; `.int` 0 or 1; a `.string` "true", "false", "1" or "0".
    public var boolValue: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .int(0): return false
        case .int(1): return true
        case .string("true"), .string("1"): return true
        case .string("false"), .string("0"): return false
        default: return nil
        }
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The object member (last with that key), or nil when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The array element, or nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// "null", "boolean", "number", "string", "array" or "object", for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// `Int64(exactly:)` without its rounding functions, which come from libm in debug builds and
    /// would make every executable linking this module need `-lm`.
    static func exactInteger(_ number: Double) -> Int64? {
        guard number >= -0x1p63, number < 0x1p63 else { return nil }
        let integer = Int64(number)
        return Double(integer) == number ? integer : nil
    }

    private static func integer(in text: String) -> Int64? {
        // Int64("+5") would pass; providers' ids never carry a sign, and "+5" is not JSON-ish.
        guard text.utf8.first != UInt8(ascii: "+") else { return nil }
        return Int64(text)
    }

    private static func decimal(in text: String) -> Double? {
        let allowed = text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): true
            default: false
            }
        }
        guard allowed, let number = Double(text), number.isFinite else { return nil }
        return number
    }
}
