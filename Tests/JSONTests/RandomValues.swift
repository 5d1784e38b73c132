import Core
import JSON

/// Random JSON values that stress what serializing must get right: escapes, every UTF-8 length,
/// the characters html-safe output rewrites, Int64 extremes, doubles from raw bit patterns.
struct RandomValues {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    private static let alphabet: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "'", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}",
        "é", "ß", "你", "好", "€", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}", "😀", "\u{10FFFF}",
    ]

    mutating func value(depth: Int = 0) -> JSONValue {
        let choice = Int.random(in: 0..<(depth >= 4 ? 6 : 8), using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(integer())
        case 3: return .double(double())
        case 4, 5: return .string(string())
        case 6:
            let count = Int.random(in: 0..<5, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth + 1) })
        default:
            let count = Int.random(in: 0..<5, using: &generator)
            return .object(JSONObject((0..<count).map { _ in (string(), value(depth: depth + 1)) }))
        }
    }

    mutating func integer() -> Int64 {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: [Int64.min, .max, 0, -1, 1][Int.random(in: 0..<5, using: &generator)]
        case 1: Int64.random(in: -1000...1000, using: &generator)
        default: Int64(bitPattern: generator.next())
        }
    }

    /// Any finite double: raw bit patterns cover subnormals, huge and tiny exponents, -0.0.
    mutating func double() -> Double {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            while true {
                let candidate = Double(bitPattern: generator.next())
                if candidate.isFinite { return candidate }
            }
        case 1: return Double(Int.random(in: -100_000...100_000, using: &generator)) / 100
        default: return [0.1, -0.0, 1e16, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 3.0][Int.random(in: 0..<7, using: &generator)]
        }
    }

    mutating func string() -> String {
        let count = Int.random(in: 0..<12, using: &generator)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            scalars.append(Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &generator)])
        }
        return String(scalars)
    }
}
