/// The characters keywords are made of, numbered 1…count; every other character is class 0,
/// which no keyword contains. The keyword automaton steps on these numbers, one per character
/// (a Chinese character is one step, not three), and a character no keyword contains sends it
/// straight back to the root.
///
/// The numbering saves the automaton a table: the characters that start a keyword come first
/// (1…firstCount), and of those, the ones that are a whole keyword alone come first again
/// (1…singleCount). The root's child on class c is then node c, and whether it reports is
/// `c <= singleCount`.
struct SymbolClasses: Sendable {
    /// Per page of 64 scalars (`value >> 6`), its page in `narrow`; page 0 is zeros, shared
    /// by the pages no keyword touches. (At most 17,408 pages, so a page number fits 16 bits.)
    private let pages: [UInt16]
    /// Each character's class, or `escape` for a class that needs more than 16 bits (an alphabet
    /// beyond 65,534 characters), which `wide` holds. Two bytes a character keep the pages that
    /// Chinese text touches within a core's first-level cache.
    private let narrow: [UInt16]
    private let wide: [UInt32: UInt32]
    let count: Int
    let firstCount: Int
    let singleCount: Int

    private static let pageCount = 0x110000 >> 6
    private static let escape: UInt16 = 0xFFFF

    /// Numbers every scalar of `patterns` (valid UTF-8) and returns each pattern as class numbers.
    static func build(_ patterns: [[UInt8]]) -> (SymbolClasses, [[UInt32]]) {
        let scalars = patterns.map { pattern -> [UInt32] in
            var result: [UInt32] = []
            result.reserveCapacity(pattern.count)
            var index = 0
            while index < pattern.count {
                let (value, length) = decode(pattern, at: index)
                index += length
                result.append(value)
            }
            return result
        }
        // Rank 0: a keyword alone and the start of one; 1: the start of one; 2: the rest. Within
        // a rank, order of first appearance.
        var rank: [UInt32: (rank: Int, order: Int)] = [:]
        for pattern in scalars {
            for (position, value) in pattern.enumerated() {
                let wanted = position > 0 ? 2 : pattern.count == 1 ? 0 : 1
                if let known = rank[value] {
                    if wanted < known.rank { rank[value] = (wanted, known.order) }
                } else {
                    rank[value] = (wanted, rank.count)
                }
            }
        }
        let ordered = rank.sorted { ($0.value.rank, $0.value.order) < ($1.value.rank, $1.value.order) }
        var pages = [UInt16](repeating: 0, count: pageCount)
        var narrow = [UInt16](repeating: 0, count: 64)
        var wide: [UInt32: UInt32] = [:]
        var classOf: [UInt32: UInt32] = [:]
        classOf.reserveCapacity(ordered.count)
        for (index, entry) in ordered.enumerated() {
            let value = entry.key, number = UInt32(index + 1)
            classOf[value] = number
            let page = Int(value >> 6)
            if pages[page] == 0 {
                pages[page] = UInt16(narrow.count >> 6)
                narrow += repeatElement(0, count: 64)
            }
            let slot = Int(pages[page]) << 6 | Int(value & 63)
            if number < UInt32(escape) {
                narrow[slot] = UInt16(number)
            } else {
                narrow[slot] = escape
                wide[value] = number
            }
        }
        let classes = SymbolClasses(
            pages: pages, narrow: narrow, wide: wide, count: ordered.count,
            firstCount: ordered.prefix { $0.value.rank < 2 }.count, singleCount: ordered.prefix { $0.value.rank < 1 }.count)
        return (classes, scalars.map { $0.map { classOf[$0]! } })
    }

    private init(pages: [UInt16], narrow: [UInt16], wide: [UInt32: UInt32], count: Int, firstCount: Int, singleCount: Int) {
        self.pages = pages
        self.narrow = narrow
        self.wide = wide
        self.count = count
        self.firstCount = firstCount
        self.singleCount = singleCount
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Bytes.Index) -> (UInt32, Int)
        where Bytes.Index == Int {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index &+ 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[index &+ 1] & 0x3F) << 6 | UInt32(bytes[index &+ 2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(bytes[index &+ 1] & 0x3F) << 12 | UInt32(bytes[index &+ 2] & 0x3F) << 6
            | UInt32(bytes[index &+ 3] & 0x3F), 4)
    }

    /// Calls `body` with class lookups that read the tables without bounds checks.
    func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
        pages.withUnsafeBufferPointer { pages in
            narrow.withUnsafeBufferPointer { narrow in body(Lookup(pages: pages, narrow: narrow, wide: wide)) }
        }
    }

    struct Lookup {
        let pages: UnsafeBufferPointer<UInt16>
        let narrow: UnsafeBufferPointer<UInt16>
        let wide: [UInt32: UInt32]

        @inline(__always)
        func callAsFunction(_ value: UInt32) -> UInt32 {
            let number = narrow[Int(pages[Int(value &>> 6)]) &<< 6 | Int(value & 63)]
            return number != SymbolClasses.escape ? UInt32(number) : wide[value]!
        }
    }
}
