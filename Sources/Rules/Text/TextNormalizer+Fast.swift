extension TextNormalizer {
    /// NFKC and lower case in one pass over the UTF-8 bytes, without Foundation: runs of ASCII and
    /// CJK ideographs up to eight bytes at a time (`stableWord`); CJK punctuation, full-width ASCII, the
    /// ideographic space and Hangul syllables one by one in the loop itself; every other character
    /// through `FoldTable`. Returns nil when a character is in neither (the caller then takes
    /// Foundation's path for the whole text), or in the rare case that what the table gives
    /// outgrows the room left (64 bytes beyond the input's length).
    ///
    /// Sound because every character taken here maps the same wherever it stands: it never
    /// composes with a neighbour, and what it maps to starts with a character that cannot
    /// compose with what precedes it (tests check every one of them against Foundation).
    static func fastFolded(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input -> [UInt8]? in
            var complete = true
            let result = [UInt8](unsafeUninitializedCapacity: input.count + 64) { output, count in
                let folded = fold(input, into: output)
                complete = folded != nil
                count = folded ?? 0
            }
            return complete ? result : nil
        }
    }

    /// `fastFolded` into `output`, which has room for at least `input.count` bytes: how many it
    /// wrote, or nil. Expansions may use the room beyond `input.count` (and no more: the bytes
    /// copied one for one after them must still fit).
    static func fold(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let end = input.count
        let slack = output.count - end
        guard slack >= 0 else { return nil }
        // Invariant: written - read <= slack, so a step that writes no more than it reads fits.
        var read = 0
        var written = 0
        while read < end {
            if end &- read >= 8 {
                // Words while they are stable throughout. A word may start inside an ideograph
                // (continuation bytes count as stable), so only leaving the word loop needs a
                // character boundary.
                var stable = 0
                repeat {
                    let (word, count) = stableWord(input, at: read)
                    UnsafeMutableRawPointer(output.baseAddress! + written).storeBytes(of: word.littleEndian, as: UInt64.self)
                    read &+= count
                    written &+= count
                    stable = count
                } while stable == 8 && end &- read >= 8
                if stable == 8 {
                    // The rest of a character the last word began.
                    while read < end, input[read] & 0xC0 == 0x80 {
                        output[written] = input[read]
                        read &+= 1
                        written &+= 1
                    }
                    continue
                }
            }
            let lead = input[read]
            if lead < 0x80 {
                output[written] = lead &+ (lead &- 0x41 < 26 ? 0x20 : 0)
                read &+= 1
                written &+= 1
                continue
            }
            if lead & 0xF0 == 0xE0 {
                if lead &- 0xE4 <= 0xE9 - 0xE4 {
                    // U+4000…U+9FFF, CJK ideographs all: the commonest case, no decoding needed.
                    output[written] = lead
                    output[written &+ 1] = input[read &+ 1]
                    output[written &+ 2] = input[read &+ 2]
                    written &+= 3
                    read &+= 3
                    continue
                }
                let value = UInt32(lead & 0x0F) << 12 | UInt32(input[read &+ 1] & 0x3F) << 6 | UInt32(input[read &+ 2] & 0x3F)
                if isStable(value) {
                    output[written] = lead
                    output[written &+ 1] = input[read &+ 1]
                    output[written &+ 2] = input[read &+ 2]
                    written &+= 3
                    read &+= 3
                    continue
                }
                if value &- 0xFF01 <= 0xFF5E - 0xFF01 {
                    let ascii = UInt8(truncatingIfNeeded: value &- 0xFEE0)
                    output[written] = ascii &+ (ascii &- 0x41 < 26 ? 0x20 : 0)
                    written &+= 1
                    read &+= 3
                    continue
                }
            }
            let length = scalarLength(lead)
            var value = UInt32(lead) & (lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(input[read &+ offset] & 0x3F) }
            read &+= length
            guard let next = FoldTable.shared.copyMapping(of: value, into: output, at: written, endingBy: read &+ slack) else {
                return nil
            }
            written = next
        }
        return written
    }

    /// Three-byte scalars that NFKC and lower-casing leave alone and that never compose with
    /// what precedes them: the loop copies them as they are.
    @inline(__always)
    static func isStable(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: true   // CJK unified ideographs (and extension A)
        case 0x3001...0x3029: true                   // CJK punctuation: 、。〃〈〉《》「」『』【】〔〕…
        // Not U+302A…U+302F, tone marks: combining characters, which NFKC reorders in a run.
        case 0x3030...0x3035: true                   // 〰 and the kana repeat marks
        case 0x2014, 0x2018, 0x2019, 0x201C, 0x201D: true  // — ‘ ’ “ ”
        // Precomposed Hangul syllables. One may compose with a trailing jamo after it, but a
        // jamo is not taken here, so a text with one goes the general way.
        case 0xAC00...0xD7A3: true
        default: false
        }
    }
}
