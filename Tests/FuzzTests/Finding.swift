/// An input that violated a property, with what it takes to replay it: the seed of the run and
/// the input itself, escaped to read and in hex to turn back into a file.
struct Finding: CustomStringConvertible {
    var target: String
    var seed: UInt64
    /// 1-based, counting the seed files first.
    var execution: Int
    var fromSeedFile: Bool
    var input: [UInt8]
    var violations: [String]

    var description: String {
        let origin = fromSeedFile ? "a seed file unchanged" : "a mutation"
        let settings = "WXHOOK_FUZZ_SEED=\(FuzzSettings.text(ofSeed: seed)) WXHOOK_FUZZ_ITERATIONS=\(execution)"
        return """
            \(target): property violated by execution \(execution) (\(origin)), seed \(FuzzSettings.text(ofSeed: seed))
            \(violations.map { "  " + $0 }.joined(separator: "\n"))
            input, \(input.count) bytes:
              escaped: \(Self.escaped(input))
              hex: \(Self.hexDigits(input))
            replay: \(settings) swift test --filter FuzzTests
              or: echo <hex> | xxd -r -p > input && Tests/Fuzz/.build/debug/\(target) input (after Benchmarks/fuzz.sh)
            """
    }

    static func hexDigits(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A Swift string literal's body: valid UTF-8 as text, controls and invalid bytes escaped
    /// (`\r`, `\n`, `\u{…}`, `\x..` for a byte that is not UTF-8).
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = "\""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if index + length <= bytes.count,
               let character = String(validating: bytes[index..<(index + length)], as: UTF8.self),
               let scalar = character.unicodeScalars.first {
                text += escaped(scalar)
                index += length
            } else {
                text += "\\x" + hexDigits([lead])
                index += 1
            }
        }
        return text + "\""
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": return "\\r"
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\"": return "\\\""
        case "\\": return "\\\\"
        default:
            let invisible = scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
                || scalar.properties.generalCategory == .spaceSeparator && scalar != " "
                || scalar.properties.generalCategory == .nonspacingMark
            return invisible ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
    }
}
