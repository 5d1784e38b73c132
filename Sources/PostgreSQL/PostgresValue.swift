/// A value bound to a statement parameter (`$1`, `$2` …). Values are always parameters: SQL is
/// never built from them.
public enum PostgresValue: Sendable, Hashable {
    case null
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])
}

extension PostgresValue {
    public init(_ text: String?) { self = text.map(PostgresValue.text) ?? .null }
    public init(_ int: Int?) { self = int.map { .int(Int64($0)) } ?? .null }
    public init(_ int: Int64?) { self = int.map(PostgresValue.int) ?? .null }
    public init(_ double: Double?) { self = double.map(PostgresValue.double) ?? .null }
    public init(_ bool: Bool?) { self = bool.map(PostgresValue.bool) ?? .null }
    public init(_ bytes: [UInt8]?) { self = bytes.map(PostgresValue.bytes) ?? .null }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension PostgresValue {
    /// The parameter's type as libpq takes it. Text goes as `unknown` (0) so the server reads it as
    /// whatever the statement needs there (text, jsonb, timestamptz); the others are typed, so a
    /// bare `$1` means the same on every statement.
    var typeOID: UInt32 {
        switch self {
        case .null, .text: 0
        case .int: 20           // int8
        case .double: 701       // float8
        case .bool: 16          // bool
        case .bytes: 17         // bytea
        }
    }

    /// The text format of the value; nil for NULL.
    var textFormat: String? {
        switch self {
        case .null: nil
        case .text(let text): text
        case .int(let int): String(int)
        case .double(let double):
            if double.isNaN { "NaN" } else if double.isInfinite { double < 0 ? "-Infinity" : "Infinity" } else { "\(double)" }
        case .bool(let bool): bool ? "t" : "f"
        case .bytes(let bytes): "\\x" + Self.hex(bytes)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
