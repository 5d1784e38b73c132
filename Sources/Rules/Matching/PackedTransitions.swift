/// The keyword automaton's transitions as the matching loop reads them, laid out so that one
/// step touches as few cache lines as possible however many keywords there are.
///
/// A state is a reference, `index << 1 | reports`: the low bit says a pattern ends at the state
/// or along its failure chain, so the loop knows without reading anything more. The shallowest
/// nodes (`denseCount` of them, the root first) are dense: their index is the node number and
/// their row in `dense` is complete, failures resolved. Every other node is sparse: its index is
/// `denseCount` plus the offset of its record in `records`, a record being
/// `[edge count, failure reference, node number, symbols ascending …, target references …]`,
/// so its header, symbols and targets usually share one cache line.
struct PackedTransitions: Sendable {
    private let dense: [UInt32]
    private let records: [UInt32]
    let denseCount: Int
    private let rowWidth: Int

    private static let header = 3

    /// `nodes` as `KeywordAutomaton` builds them (breadth-first, root 0, failure links set);
    /// `reports(n)` says whether a pattern ends at node n or along its failure chain.
    init(nodes: [KeywordAutomaton.Node], edgeSymbols: [UInt32], edgeTargets: [Int32], rowWidth: Int, denseCount: Int,
         reports: (Int) -> Bool) {
        // Offsets of the sparse nodes' records, then every node's reference.
        var offsets = [Int](repeating: 0, count: nodes.count)
        var size = 0
        for node in denseCount..<max(denseCount, nodes.count) {
            offsets[node] = size
            size += Self.header + 2 * Int(nodes[node].edgeCount)
        }
        let references = nodes.indices.map { node -> UInt32 in
            let index = node < denseCount ? node : denseCount + offsets[node]
            return UInt32(index) << 1 | (reports(node) ? 1 : 0)
        }

        var records = [UInt32](repeating: 0, count: size)
        for node in denseCount..<max(denseCount, nodes.count) {
            let offset = offsets[node], first = Int(nodes[node].firstEdge), count = Int(nodes[node].edgeCount)
            records[offset] = UInt32(count)
            records[offset + 1] = references[Int(nodes[node].fail)]
            records[offset + 2] = UInt32(node)
            for edge in 0..<count {
                records[offset + Self.header + edge] = edgeSymbols[first + edge]
                records[offset + Self.header + count + edge] = references[Int(edgeTargets[first + edge])]
            }
        }

        // Complete rows: a symbol without an edge goes where the failure's row sends it (the
        // failure is shallower, so its row is done); at the root, back to the root.
        var dense = [UInt32](repeating: 0, count: denseCount * rowWidth)
        for row in 0..<denseCount {
            let fallback = Int(nodes[row].fail) * rowWidth
            for symbol in 1..<rowWidth { dense[row * rowWidth + symbol] = row == 0 ? 0 : dense[fallback + symbol] }
            let first = Int(nodes[row].firstEdge)
            for edge in first..<(first + Int(nodes[row].edgeCount)) {
                dense[row * rowWidth + Int(edgeSymbols[edge])] = references[Int(edgeTargets[edge])]
            }
        }
        self.dense = dense
        self.records = records
        self.denseCount = denseCount
        self.rowWidth = rowWidth
    }

    /// Calls `body` with a stepper that reads the tables without bounds checks.
    func withStepper<Result>(_ body: (Stepper) -> Result) -> Result {
        dense.withUnsafeBufferPointer { dense in
            records.withUnsafeBufferPointer { records in
                body(Stepper(dense: dense, records: records, denseCount: denseCount, rowWidth: rowWidth))
            }
        }
    }

    struct Stepper {
        let dense: UnsafeBufferPointer<UInt32>
        let records: UnsafeBufferPointer<UInt32>
        let denseCount: Int
        let rowWidth: Int

        /// The state after `state` reads `symbol` (a class other than 0).
        @inline(__always)
        func step(_ state: UInt32, _ symbol: UInt32) -> UInt32 {
            var state = state
            while true {
                let index = Int(state >> 1)
                if index < denseCount { return dense[index &* rowWidth &+ Int(symbol)] }
                let offset = index &- denseCount
                let count = Int(records[offset])
                var low = offset &+ PackedTransitions.header
                var high = low &+ count
                // Narrow to a short run that still holds `symbol` if present, then scan it.
                while high &- low > 8 {
                    let middle = (low &+ high) >> 1
                    if records[middle] < symbol { low = middle &+ 1 } else { high = middle &+ 1 }
                }
                while low < high {
                    let candidate = records[low]
                    if candidate >= symbol {
                        if candidate == symbol { return records[low &+ count] }
                        break
                    }
                    low &+= 1
                }
                state = records[offset &+ 1]
            }
        }

        /// The node number of a state.
        @inline(__always)
        func node(_ state: UInt32) -> Int {
            let index = Int(state >> 1)
            return index < denseCount ? index : Int(records[index &- denseCount &+ 2])
        }
    }
}
