extension TextNormalizer {
    /// NFKC and lower case in one pass, without Foundation, for the text most messages are made
    /// of: ASCII, CJK ideographs, CJK punctuation, full-width ASCII, the ideographic space.
    /// Returns nil when any other scalar appears; the caller then takes the general path.
    /// Sound because every scalar accepted here either is its own NFKC form or maps to ASCII,
    /// and none of them composes with its neighbour (a test checks each one against Foundation).
    static func fastFolded(_ text: String) -> String? {
        let capacity = text.utf8.count
        var complete = true
        let result = String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    buffer[count] = UInt8(value) | (value >= 0x41 && value <= 0x5A ? 0x20 : 0)
                    count += 1
                } else if value >= 0xFF01 && value <= 0xFF5E {
                    let ascii = value - 0xFEE0
                    buffer[count] = UInt8(ascii) | (ascii >= 0x41 && ascii <= 0x5A ? 0x20 : 0)
                    count += 1
                } else if value == 0x3000 {
                    buffer[count] = 0x20
                    count += 1
                } else if isStable(value) {
                    for byte in scalar.utf8 {
                        buffer[count] = byte
                        count += 1
                    }
                } else {
                    complete = false
                    return 0
                }
            }
            return count
        }
        return complete ? result : nil
    }

    /// Scalars that NFKC and lower-casing leave alone and that never compose with a neighbour.
    static func isStable(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: true   // CJK unified ideographs (and extension A)
        case 0x3001...0x3035: true                   // CJK punctuation: 、。〃〈〉《》「」『』【】〔〕…
        case 0x2014, 0x2018, 0x2019, 0x201C, 0x201D: true  // — ‘ ’ “ ”
        default: false
        }
    }
}
