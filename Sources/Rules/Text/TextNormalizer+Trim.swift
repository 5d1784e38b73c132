extension TextNormalizer {
    /// Removes white space (Unicode `White_Space`) from both ends of UTF-8 `bytes`, in place.
    static func trim(_ bytes: inout [UInt8]) {
        var end = bytes.count
        while end > 0 {
            let start = scalarStart(before: end, in: bytes)
            guard isWhitespace(bytes, at: start) else { break }
            end = start
        }
        var start = 0
        while start < end, isWhitespace(bytes, at: start) { start += scalarLength(bytes[start]) }
        if end < bytes.count { bytes.removeSubrange(end...) }
        if start > 0 { bytes.removeSubrange(..<start) }
    }

    /// Removes `@name` followed by white space, repeatedly, from the start of normalized, trimmed
    /// bytes. A trailing `@name` with nothing after it stays: it is the whole message.
    static func stripLeadingMentions(_ bytes: inout [UInt8]) {
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: "@") {
            var space = start
            while space < bytes.count, !isWhitespace(bytes, at: space) { space += scalarLength(bytes[space]) }
            guard space < bytes.count else { break }
            start = space
            while start < bytes.count, isWhitespace(bytes, at: start) { start += scalarLength(bytes[start]) }
        }
        if start > 0 { bytes.removeSubrange(..<start) }
    }

    /// The length of the UTF-8 sequence that `lead` starts (valid UTF-8 only).
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Where the scalar that ends just before `end` starts.
    private static func scalarStart(before end: Int, in bytes: [UInt8]) -> Int {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return start
    }

    private static func isWhitespace(_ bytes: [UInt8], at index: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) }
        var value = UInt32(lead) & (lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07)
        for offset in 1..<scalarLength(lead) { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return isWhitespace(value)
    }

    /// Unicode's `White_Space` outside ASCII, spelled out: asking the scalar's properties costs
    /// far more, and the set has not changed since Unicode 6.3 (a test compares it with them).
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
