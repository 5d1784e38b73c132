extension TextNormalizer {
    /// The eight bytes at `index` as one word when all of them are ASCII, else nil:
    /// the normalizer's loop then lower-cases them in one step instead of eight.
    @inline(__always)
    static func asciiWord(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64? {
        let word = UnsafeRawPointer(input.baseAddress! + index).loadUnaligned(as: UInt64.self)
        return word & 0x8080_8080_8080_8080 == 0 ? word : nil
    }

    /// `word` (eight ASCII bytes) with A…Z turned into a…z. Each byte is below 0x80, so adding
    /// 0x80 - 0x41 sets its top bit exactly when it is 0x41 ("A") or above, and adding 0x80 - 0x5B
    /// when it is above "Z", without a carry into the next byte; the difference of the two, moved
    /// down to 0x20, is the case bit of the capitals.
    @inline(__always)
    static func lowercased(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = word &+ ones &* (0x80 - 0x41)
        let aboveZ = word &+ ones &* (0x80 - 0x5B)
        let capitals = atLeastA & ~aboveZ & (ones &* 0x80)
        return word | capitals >> 2
    }
}
