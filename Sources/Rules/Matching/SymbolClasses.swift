/// The characters keywords are made of, numbered 1…count in order of first appearance; every
/// other character is class 0, which no keyword contains. The keyword automaton steps on these
/// numbers, one per character, so its rows are as wide as the keywords' alphabet (a few
/// thousand characters for 100k Chinese keywords) rather than 256 bytes, and a character no
/// keyword contains sends it straight back to the root.
struct SymbolClasses: Sendable {
    /// Per block of 256 scalars (`value >> 8`), its page of `classes`; page 0 is zeros, shared
    /// by the blocks no keyword touches. (At most 4,352 blocks, so a page number fits 16 bits.)
    private let blocks: [UInt16]
    private let classes: [UInt32]
    private(set) var count: Int

    private static let blockCount = 0x110000 >> 8

    /// Numbers every scalar of `patterns` (valid UTF-8) and returns each pattern as class numbers.
    static func build(_ patterns: [[UInt8]]) -> (SymbolClasses, [[UInt32]]) {
        var blocks = [UInt16](repeating: 0, count: blockCount)
        var classes = [UInt32](repeating: 0, count: 256)
        var count = 0
        let symbols = patterns.map { pattern -> [UInt32] in
            var result: [UInt32] = []
            result.reserveCapacity(pattern.count)
            var index = 0
            while index < pattern.count {
                let (value, length) = decode(pattern, at: index)
                index += length
                let block = Int(value >> 8)
                if blocks[block] == 0 {
                    blocks[block] = UInt16(classes.count >> 8)
                    classes += repeatElement(0, count: 256)
                }
                let slot = Int(blocks[block]) << 8 | Int(value & 0xFF)
                if classes[slot] == 0 {
                    count += 1
                    classes[slot] = UInt32(count)
                }
                result.append(classes[slot])
            }
            return result
        }
        return (SymbolClasses(blocks: blocks, classes: classes, count: count), symbols)
    }

    private init(blocks: [UInt16], classes: [UInt32], count: Int) {
        self.blocks = blocks
        self.classes = classes
        self.count = count
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Bytes.Index) -> (UInt32, Int)
        where Bytes.Index == Int {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F), 4)
    }

    /// Calls `body` with class lookups that read the tables without bounds checks.
    func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
        blocks.withUnsafeBufferPointer { blocks in
            classes.withUnsafeBufferPointer { classes in body(Lookup(blocks: blocks, classes: classes)) }
        }
    }

    struct Lookup {
        let blocks: UnsafeBufferPointer<UInt16>
        let classes: UnsafeBufferPointer<UInt32>

        @inline(__always)
        func callAsFunction(_ value: UInt32) -> UInt32 {
            classes[Int(blocks[Int(value >> 8)]) << 8 | Int(value & 0xFF)]
        }
    }
}
