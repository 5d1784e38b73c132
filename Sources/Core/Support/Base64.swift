/// Standard base64 (RFC 4648, section 4: `+` and `/`). Core does without Foundation, and webhook
/// secrets and signatures need both directions.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Each ASCII byte's 6-bit value, 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    /// Why text is not base64. Offsets count bytes from the start of the text, so an error can
    /// point at the problem without repeating text that may be a secret.
    public enum DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A byte outside the standard alphabet, or `=` before the end.
        case invalidCharacter(offset: Int)
        /// A length no encoding produces (one symbol left over after the last full group).
        case invalidLength(Int)
        /// `=` that does not complete the last group of four.
        case invalidPadding

        public var description: String {
            switch self {
            case .invalidCharacter(let offset): "character \(offset + 1) is not in the standard base64 alphabet"
            case .invalidLength(let count): "\(count) characters cannot be base64"
            case .invalidPadding: "the \"=\" padding does not complete the last group of four"
            }
        }
    }

    /// Padded text, as every Standard Webhooks library writes it.
    public static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let group = UInt32(input[index]) << 16
                | (remaining > 1 ? UInt32(input[index + 1]) << 8 : 0)
                | (remaining > 2 ? UInt32(input[index + 2]) : 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(remaining > 1 ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            out.append(remaining > 2 ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes with or without `=` padding; bits below the last whole byte are ignored, as most
    /// decoders do.
    public static func decode(_ text: some StringProtocol) throws(DecodingError) -> [UInt8] {
        var symbols = Array(text.utf8)
        var padding = 0
        while padding < 2, symbols.last == UInt8(ascii: "=") {
            symbols.removeLast()
            padding += 1
        }
        if padding > 0, (symbols.count + padding) % 4 != 0 { throw .invalidPadding }

        var out: [UInt8] = []
        out.reserveCapacity(symbols.count * 3 / 4)
        var group: UInt32 = 0
        for (offset, symbol) in symbols.enumerated() {
            let value = values[Int(symbol)]
            guard value != 0xFF else { throw .invalidCharacter(offset: offset) }
            group = group << 6 | UInt32(value)
            if offset % 4 == 3 {
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                out.append(UInt8(truncatingIfNeeded: group >> 8))
                out.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        switch symbols.count % 4 {
        case 1: throw .invalidLength(symbols.count + padding)
        case 2: out.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: group >> 10))
            out.append(UInt8(truncatingIfNeeded: group >> 2))
        default: break
        }
        return out
    }
}
