extension TextNormalizer {
    /// NFKC and lower case in one pass over the UTF-8 bytes, without Foundation, for the text
    /// most messages are made of: ASCII, CJK ideographs, CJK punctuation, full-width ASCII, the
    /// ideographic space. Returns nil when anything else appears; the caller then takes the
    /// general path. Sound because every scalar accepted here either is its own NFKC form or
    /// maps to ASCII, and none of them composes with a neighbour (a test checks each one
    /// against Foundation).
    static func fastFolded(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { input -> String? in
            // Output is never longer than input: a full-width form (3 bytes) becomes 1 byte.
            var complete = true
            let result = String(unsafeUninitializedCapacity: input.count) { output in
                var read = 0
                var written = 0
                while read < input.count {
                    let lead = input[read]
                    if lead < 0x80 {
                        output[written] = lead &+ (lead >= 0x41 && lead <= 0x5A ? 0x20 : 0)
                        read += 1
                        written += 1
                        continue
                    }
                    // Only three-byte sequences (U+0800…U+FFFF) can qualify; the input is valid UTF-8.
                    guard lead & 0xF0 == 0xE0 else {
                        complete = false
                        return 0
                    }
                    let value = UInt32(lead & 0x0F) << 12 | UInt32(input[read + 1] & 0x3F) << 6 | UInt32(input[read + 2] & 0x3F)
                    if value >= 0xFF01 && value <= 0xFF5E {
                        let ascii = UInt8(value - 0xFEE0)
                        output[written] = ascii &+ (ascii >= 0x41 && ascii <= 0x5A ? 0x20 : 0)
                        written += 1
                    } else if value == 0x3000 {
                        output[written] = 0x20
                        written += 1
                    } else if isStable(value) {
                        output[written] = lead
                        output[written + 1] = input[read + 1]
                        output[written + 2] = input[read + 2]
                        written += 3
                    } else {
                        complete = false
                        return 0
                    }
                    read += 3
                }
                return written
            }
            return complete ? result : nil
        }
    }

    /// Scalars that NFKC and lower-casing leave alone and that never compose with a neighbour.
    static func isStable(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: true   // CJK unified ideographs (and extension A)
        case 0x3001...0x3029: true                   // CJK punctuation: 、。〃〈〉《》「」『』【】〔〕…
        // Not U+302A…U+302F, tone marks: combining characters, which NFKC reorders in a run.
        case 0x3030...0x3035: true                   // 〰 and the kana repeat marks
        case 0x2014, 0x2018, 0x2019, 0x201C, 0x201D: true  // — ‘ ’ “ ”
        default: false
        }
    }
}
