/// Skips, 8 bytes at a time, text that needs no look from the parser or the string writer: no
/// quote, backslash or control character (and, when asked, no non-ASCII byte). Message text is
/// mostly such runs.
enum PlainTextScan {
    /// The offset of the first byte from `start` that needs a look, or the offset where fewer than
    /// 8 bytes remain; the caller goes on byte by byte from there. The lowest flagged byte of a
    /// word is exact (borrows in the zero-byte tests only flag bytes after it).
    @inline(__always)
    static func skip(_ text: UnsafeBufferPointer<UInt8>, from start: Int, stopAtNonASCII: Bool) -> Int {
        var position = start
        #if _endian(little)
        guard let base = text.baseAddress else { return position }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let nonASCII = stopAtNonASCII ? highBits : 0
        while position + 8 <= text.count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let control = (word &- ones &* 0x20) & ~word
            let special = (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highBits
                | word & nonASCII
            if special != 0 { return position + special.trailingZeroBitCount >> 3 }
            position += 8
        }
        #endif
        return position
    }
}
