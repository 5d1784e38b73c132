/// The byte-level writing shared by `JSON.serialize` and `JSONWriter`.
enum Emit {
    @inline(__always)
    static func ascii(_ literal: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    static func int(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// The shortest text that parses back to exactly `value`, always with a fraction or an
    /// exponent so that it reads back as a double. NaN and ±infinity have no JSON form: they are
    /// written as `null` (as JavaScript's JSON.stringify does) rather than making writing fail.
    static func double(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite else { return ascii("null", into: &out) }
        var text = value.description
        var needsFraction = true
        text.withUTF8 { utf8 in
            for byte in utf8 where byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") {
                needsFraction = false
            }
            out.append(contentsOf: utf8)
        }
        if needsFraction { ascii(".0", into: &out) }
    }

    /// A quoted string: `"` `\` and control characters escaped, other text as UTF-8. With
    /// `htmlSafe`, also `<` `>` `&` and U+2028/U+2029, so the JSON can sit inside a <script>.
    static func string(_ value: String, htmlSafe: Bool, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Without htmlSafe, non-ASCII is copied as is, so only ASCII specials stop the skip.
                if !htmlSafe {
                    index = PlainTextScan.skip(utf8, from: index, stopAtNonASCII: false)
                    guard index < utf8.count else { break }
                }
                let byte = utf8[index]
                let escape: Bool
                var length = 1
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                    if !htmlSafe {
                        escape = false
                    } else if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") {
                        escape = true
                    } else if byte == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80,
                              utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 {
                        escape = true
                        length = 3
                    } else {
                        escape = false
                    }
                } else {
                    escape = true
                }
                guard escape else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                if length == 3 {
                    unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                } else {
                    escapeByte(byte, into: &out)
                }
                index += length
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escapeByte(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): ascii("\\\"", into: &out)
        case UInt8(ascii: "\\"): ascii("\\\\", into: &out)
        case 0x0A: ascii("\\n", into: &out)
        case 0x0D: ascii("\\r", into: &out)
        case 0x09: ascii("\\t", into: &out)
        case 0x08: ascii("\\b", into: &out)
        case 0x0C: ascii("\\f", into: &out)
        default: unicodeEscape(UInt16(byte), into: &out)
        }
    }

    private static func unicodeEscape(_ unit: UInt16, into out: inout [UInt8]) {
        let hexDigits: StaticString = "0123456789abcdef"
        let digits = hexDigits.utf8Start
        ascii("\\u", into: &out)
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(digits[Int(unit >> UInt16(shift) & 0xF)])
        }
    }
}
