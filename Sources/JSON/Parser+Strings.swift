extension Parser {
    /// Reads a string at the opening quote. The common case (no escapes) validates in place and
    /// makes the String from the input slice in one go; escapes divert to a reusable buffer.
    mutating func parseString() throws(JSONError) -> String {
        let open = position
        position += 1
        let start = position
        while true {
            position = PlainTextScan.skip(text, from: position, stopAtNonASCII: true)
            guard position < text.count else { break }
            let byte = text[position]
            if byte == UInt8(ascii: "\"") {
                let result = String(decoding: UnsafeBufferPointer(rebasing: text[start..<position]), as: UTF8.self)
                position += 1
                return result
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start, open: open) }
            try advanceOverCharacter(byte)
        }
        throw error("unterminated string (it starts here)", at: open)
    }

    private mutating func parseEscapedString(from start: Int, open: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while true {
            position = PlainTextScan.skip(text, from: position, stopAtNonASCII: true)
            guard position < text.count else { break }
            let byte = text[position]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<position]))
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<position]))
                try appendEscape()
                runStart = position
                continue
            }
            try advanceOverCharacter(byte)
        }
        throw error("unterminated string (it starts here)", at: open)
    }

    /// Steps over one unescaped character of a string, rejecting control characters and
    /// ill-formed UTF-8.
    @inline(__always)
    private mutating func advanceOverCharacter(_ byte: UInt8) throws(JSONError) {
        if byte >= 0x20 && byte < 0x80 {
            position += 1
        } else if byte == UInt8(ascii: "\n") {
            throw error("line break inside a string: a closing quote is missing, or write it as \\n", at: position)
        } else if byte < 0x20 {
            throw error("control character \(Self.scalarName(UInt32(byte))) in a string must be escaped", at: position)
        } else if let length = UTF8Validation.sequenceLength(in: text, at: position) {
            position += length
        } else {
            throw invalidUTF8(at: position)
        }
    }

    /// Appends the character of the escape at the backslash to `scratch`.
    private mutating func appendEscape() throws(JSONError) {
        let backslash = position
        position += 1
        guard position < text.count else { throw error("unterminated string", at: backslash) }
        let byte = text[position]
        position += 1
        let simple: UInt8
        switch byte {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            try appendUnicodeEscape(at: backslash)
            return
        default:
            let shown = byte >= 0x20 && byte < 0x7F ? "'\\\(Character(Unicode.Scalar(byte)))'" : "after '\\'"
            throw error("invalid escape \(shown): use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX", at: backslash)
        }
        scratch.append(simple)
    }

    /// `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair; a lone surrogate is an error.
    private mutating func appendUnicodeEscape(at backslash: Int) throws(JSONError) {
        let unit = try readHex4(escapeAt: backslash)
        var scalarValue = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            let low: UInt16? = if position + 1 < text.count,
                                  text[position] == UInt8(ascii: "\\"), text[position + 1] == UInt8(ascii: "u") {
                try readHex4(escapeAt: position, skipping: 2)
            } else {
                nil
            }
            guard let low, (0xDC00...0xDFFF).contains(low) else {
                throw error("lone surrogate \\u\(Self.hex(unit)): a high surrogate must be followed by a low one (\\uDC00–\\uDFFF)", at: backslash)
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error("lone surrogate \\u\(Self.hex(unit)): a low surrogate must follow a high one", at: backslash)
        default:
            break
        }
        appendUTF8(scalarValue)
    }

    /// Encodes a scalar value (never a surrogate: those were paired or refused above).
    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case ..<0x80:
            scratch.append(UInt8(value))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// Reads 4 hex digits after `\u` (the escape's backslash is at `escapeAt`).
    private mutating func readHex4(escapeAt: Int, skipping: Int = 0) throws(JSONError) -> UInt16 {
        let digitsStart = position + skipping
        guard digitsStart + 4 <= text.count else {
            throw error("invalid \\u escape: expected 4 hex digits", at: escapeAt)
        }
        var value: UInt16 = 0
        for index in digitsStart..<digitsStart + 4 {
            let byte = text[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected 4 hex digits", at: escapeAt)
            }
            value = value << 4 | UInt16(digit)
        }
        position = digitsStart + 4
        return value
    }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// "U+000A", "U+FF0C", "U+1F600".
    static func scalarName(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
