extension TextNormalizer {
    /// The eight bytes at `index` (a character boundary), lower-cased, when every one of them is
    /// ASCII, a continuation byte, or the lead of a CJK ideograph U+5000…U+9FFF (0xE5…0xE9): text
    /// that normalization leaves alone but for the case of A…Z. Nil when any other lead is among
    /// them; the loop then takes one character the slow way. The last character may run past the
    /// eight bytes: its remaining continuation bytes are the caller's to copy.
    @inline(__always)
    static func stableWord(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64? {
        let word = UnsafeRawPointer(input.baseAddress! + index).loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high = ones &* 0x80
        // Each byte's low seven bits plus a constant below 0x81 cannot carry into the next byte,
        // so the sum's top bit says "at least" that byte value, byte by byte.
        let low = word & ~high
        // Leads of multi-byte characters: both top bits set.
        let leads = word & (word << 1) & high
        let ideographLeads = (low &+ ones &* (0x80 - 0x65)) & ~(low &+ ones &* (0x80 - 0x6A)) & high
        guard leads & ~ideographLeads == 0 else { return nil }
        // A…Z (0x41…0x5A) among the ASCII bytes get the case bit 0x20.
        let capitals = (low &+ ones &* (0x80 - 0x41)) & ~(low &+ ones &* (0x80 - 0x5B)) & high & ~word
        return word | capitals >> 2
    }
}
