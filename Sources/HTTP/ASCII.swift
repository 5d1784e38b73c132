/// Byte-level helpers for the wire format. HTTP field names, methods and tokens are ASCII,
/// and comparing them without building lowercased copies keeps the hot path free of allocations.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let slash: UInt8 = 0x2F
    static let questionMark: UInt8 = 0x3F
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// tchar from RFC 9110 §5.6.2: the characters allowed in methods, field names and codings.
    @inline(__always)
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        tokenTable[Int(byte)]
    }

    /// Field values may hold HTAB, SP, visible ASCII and obs-text; other control bytes are refused.
    @inline(__always)
    static func isFieldValueCharacter(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Visible ASCII (0x21–0x7E, RFC 5234 VCHAR): the only bytes a request-target may hold, so
    /// raw UTF-8 or control bytes cannot be read differently by different parsers.
    @inline(__always)
    static func isVisible(_ byte: UInt8) -> Bool {
        byte > space && byte < 0x7F
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Case-insensitive equality of two ASCII strings (non-ASCII bytes compare exactly).
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8
        let right = rhs.utf8
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where lowercased(a) != lowercased(b) {
            return false
        }
        return true
    }

    /// Case-insensitive equality of bytes against a lowercase ASCII literal.
    static func equalsLowercase<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            var index = 0
            for byte in bytes {
                if lowercased(byte) != expected[index] { return false }
                index += 1
            }
            return true
        }
    }

    /// Whether a comma-separated list (a Connection or Transfer-Encoding value) holds a token,
    /// compared case-insensitively and ignoring the whitespace around elements.
    static func list(_ value: String, containsToken lowercaseToken: StaticString) -> Bool {
        var found = false
        forEachListElement(value.utf8) { element in
            if equalsLowercase(element, lowercaseToken) { found = true }
        }
        return found
    }

    /// Calls `body` with every non-empty, whitespace-trimmed element of a comma-separated list.
    static func forEachListElement<Bytes: BidirectionalCollection<UInt8>>(
        _ bytes: Bytes, _ body: (Bytes.SubSequence) -> Void
    ) {
        var elementStart = bytes.startIndex
        var index = bytes.startIndex
        while true {
            let atEnd = index == bytes.endIndex
            if atEnd || bytes[index] == comma {
                let element = trimmed(bytes[elementStart..<index])
                if !element.isEmpty { body(element) }
                if atEnd { return }
                elementStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
    }

    static func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isWhitespace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return bytes[start..<end]
    }
}
