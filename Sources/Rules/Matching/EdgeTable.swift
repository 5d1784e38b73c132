/// The keyword trie's edges that the automaton's records do not hold (see `KeywordAutomaton`),
/// in one open-addressing hash table keyed by (parent node, class): a step reads one slot, which
/// at this load is nearly always the first one tried, so one cache line however many keywords
/// there are, and no node record to read first.
struct EdgeTable: Sendable {
    struct Slot: Sendable {
        /// 0 for an empty slot: the root is never a parent here.
        var parent: UInt32
        var symbol: UInt32
        /// The child's state reference (`KeywordAutomaton`).
        var target: UInt32
    }

    private let slots: [Slot]
    private let shift: UInt64

    /// `edges` as (parent, symbol, target), no (parent, symbol) twice, parents above 0.
    init(_ edges: [(parent: UInt32, symbol: UInt32, target: UInt32)]) {
        // At most ~2/3 full, so that a miss (the common answer) ends within a slot or two.
        var bits = 3
        while 1 << bits < edges.count + edges.count / 2 { bits += 1 }
        shift = UInt64(64 - bits)
        var slots = [Slot](repeating: Slot(parent: 0, symbol: 0, target: 0), count: 1 << bits)
        let mask = slots.count - 1
        for edge in edges {
            var index = Self.hash(edge.parent, edge.symbol, shift)
            while slots[index].parent != 0 { index = (index + 1) & mask }
            slots[index] = Slot(parent: edge.parent, symbol: edge.symbol, target: edge.target)
        }
        self.slots = slots
    }

    @inline(__always)
    static func hash(_ parent: UInt32, _ symbol: UInt32, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((UInt64(parent) << 32 | UInt64(symbol)) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// Calls `body` with a reader that probes the table without bounds checks.
    func withReader<Result>(_ body: (Reader) -> Result) -> Result {
        slots.withUnsafeBufferPointer { body(Reader(slots: $0, shift: shift)) }
    }

    struct Reader {
        let slots: UnsafeBufferPointer<Slot>
        let shift: UInt64

        /// The child of `parent` on `symbol`, as a state reference, or nil.
        @inline(__always)
        func child(_ parent: UInt32, _ symbol: UInt32) -> UInt32? {
            let mask = slots.count &- 1
            var index = EdgeTable.hash(parent, symbol, shift)
            while true {
                let slot = slots[index]
                if slot.parent == parent && slot.symbol == symbol { return slot.target }
                if slot.parent == 0 { return nil }
                index = (index &+ 1) & mask
            }
        }
    }
}
