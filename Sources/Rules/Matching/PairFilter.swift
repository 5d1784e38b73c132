/// Which pairs of classes begin some keyword, as a bit set over a hash of the pair: "no" is
/// certain, "yes" may be wrong (then the edge table says no). Most positions of a message start
/// no keyword of two or more characters, so the matcher learns that here, from a small array
/// that stays in cache and does not depend on the automaton's state, instead of from the trie.
struct PairFilter: Sendable {
    private let words: [UInt64]
    private let shift: UInt64

    /// About `bitsPerPair` bits for each pair, within `minimumBits…maximumBits` (powers of two);
    /// `bits` forces a size (tests use a tiny filter, which says yes to nearly everything).
    init(_ pairs: [(first: UInt32, second: UInt32)], bits forced: Int? = nil) {
        let wanted = pairs.count * Self.bitsPerPair
        var bits = 6
        if let forced {
            while 1 << bits < forced { bits += 1 }
        } else {
            while 1 << bits < min(max(wanted, Self.minimumBits), Self.maximumBits) { bits += 1 }
        }
        shift = UInt64(64 - bits)
        var words = [UInt64](repeating: 0, count: (1 << bits) >> 6)
        for pair in pairs {
            let bit = Self.hash(pair.first, pair.second, shift)
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.words = words
    }

    static let bitsPerPair = 8
    static let minimumBits = 1 << 9
    /// 128 KiB: within a core's second-level cache beside the class pages at 100k keywords.
    static let maximumBits = 1 << 20

    @inline(__always)
    static func hash(_ first: UInt32, _ second: UInt32, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((UInt64(first) << 32 | UInt64(second)) &* 0xD6E8_FEB8_6659_FD93) &>> shift)
    }

    /// Calls `body` with a reader that tests bits without bounds checks.
    func withReader<Result>(_ body: (Reader) -> Result) -> Result {
        words.withUnsafeBufferPointer { body(Reader(words: $0, shift: shift)) }
    }

    struct Reader {
        let words: UnsafeBufferPointer<UInt64>
        let shift: UInt64

        @inline(__always)
        func mayBegin(_ first: UInt32, _ second: UInt32) -> Bool {
            let bit = PairFilter.hash(first, second, shift)
            return words[bit &>> 6] & (1 &<< UInt64(bit & 63)) != 0
        }
    }
}
