extension TextNormalizer {
    /// The range of UTF-8 `bytes` left when white space (Unicode `White_Space`) is removed from both ends.
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var end = bytes.count
        while end > 0 {
            let start = scalarStart(before: end, in: bytes)
            guard isWhitespace(bytes, at: start) else { break }
            end = start
        }
        var start = 0
        while start < end, isWhitespace(bytes, at: start) { start += scalarLength(bytes[start]) }
        return start..<end
    }

    /// `range` of normalized, trimmed bytes without its leading `@name` followed by white space,
    /// repeatedly. A trailing `@name` with nothing after it stays: it is the whole message.
    static func afterLeadingMentions(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        let end = range.upperBound
        while start < end, bytes[start] == UInt8(ascii: "@") {
            var space = start
            while space < end, !isWhitespace(bytes, at: space) { space += scalarLength(bytes[space]) }
            guard space < end else { break }
            start = space
            while start < end, isWhitespace(bytes, at: start) { start += scalarLength(bytes[start]) }
        }
        return start..<end
    }

    /// The length of the UTF-8 sequence that `lead` starts (valid UTF-8 only).
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Where the scalar that ends just before `end` starts.
    private static func scalarStart(before end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return start
    }

    @inline(__always)
    private static func isWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) }
        if lead != 0xC2 && lead != 0xE1 && lead != 0xE2 && lead != 0xE3 { return false }
        var value = UInt32(lead) & (lead < 0xE0 ? 0x1F : 0x0F)
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
