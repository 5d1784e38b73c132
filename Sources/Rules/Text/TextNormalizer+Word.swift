extension TextNormalizer {
    /// The eight bytes at `index` (a character boundary), lower-cased, and how many of them lead
    /// up to the first byte that starts a character other than ASCII or a CJK ideograph
    /// U+4000…U+9FFF (leads 0xE4…0xE9): the bytes normalization leaves alone but for the case of
    /// A…Z. When that count is 8, the last character may run past the word: its remaining
    /// continuation bytes are the caller's to copy. Reads eight bytes: the caller checks there are.
    @inline(__always)
    static func stableWord(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> (word: UInt64, stable: Int) {
        let word = UInt64(littleEndian: UnsafeRawPointer(input.baseAddress! + index).loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high = ones &* 0x80
        // Each byte's low seven bits plus a constant below 0x81 cannot carry into the next byte,
        // so the sum's top bit says "at least" that byte value, byte by byte.
        let low = word & ~high
        // Leads of multi-byte characters: both top bits set.
        let leads = word & (word << 1) & high
        let ideographLeads = (low &+ ones &* (0x80 - 0x64)) & ~(low &+ ones &* (0x80 - 0x6A)) & high
        let others = leads & ~ideographLeads
        // A…Z (0x41…0x5A) among the ASCII bytes get the case bit 0x20.
        let capitals = (low &+ ones &* (0x80 - 0x41)) & ~(low &+ ones &* (0x80 - 0x5B)) & high & ~word
        return (word | capitals >> 2, others.trailingZeroBitCount >> 3)
    }
}
