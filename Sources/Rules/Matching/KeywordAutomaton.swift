/// Aho–Corasick over the characters of normalized text: every `contains`/`prefix` keyword of a
/// rule set in one automaton, so a message is matched in one pass whatever the keyword count.
///
/// It steps once per character, not per byte (a Chinese character is one step, not three), on
/// the character's class (`SymbolClasses`): a character no keyword contains resets it to the root
/// without touching the trie. The trie is stored in flat arrays (nodes numbered breadth-first,
/// root 0; transitions as sorted edge lists, compressed sparse rows), 16 bytes a node and 8 an
/// edge, no per-node objects, while it is built; matching reads `PackedTransitions`, the same
/// transitions laid out for the cache, where the shallowest nodes also get complete rows over the
/// classes with failures resolved, within `denseBudget` bytes: the root's row always, more rows
/// when the alphabet is small. Input must be valid UTF-8 (normalized text is).
struct KeywordAutomaton: Sendable {
    struct Node: Sendable {
        /// The node's edges are `edgeSymbols/edgeTargets[firstEdge ..< firstEdge + edgeCount]`, classes ascending.
        var firstEdge: Int32
        /// The longest proper suffix of the node's string that is also a node.
        var fail: Int32
        /// The nearest node on the failure chain, this one included, where a pattern ends; -1 when none.
        var report: Int32
        var edgeCount: Int32
    }

    private let classes: SymbolClasses
    /// What matching steps on; `nodes` below is only read where a pattern ends.
    private let transitions: PackedTransitions
    private let nodes: [Node]
    /// Bytes of complete rows at most (the root's row is always complete): small enough to stay
    /// in a core's cache beside the class tables.
    static let denseBudget = 256 * 1024
    /// The patterns ending at node n: `patternIDs[patternStart[n] ..< patternStart[n + 1]]`.
    private let patternStart: [Int32]
    private let patternIDs: [Int32]
    /// Byte length of each pattern, by id.
    let patternLengths: [Int32]

    var nodeCount: Int { nodes.count }

    /// Pattern ids are indices into `patterns` (valid UTF-8); empty patterns never match.
    /// `denseRows` (at least 1, the root) is there for tests, to exercise the sparse path.
    init(patterns: [[UInt8]], denseRows: Int? = nil) {
        patternLengths = patterns.map { Int32($0.count) }
        let (classes, symbols) = SymbolClasses.build(patterns)
        self.classes = classes
        var order = symbols.indices.filter { !symbols[$0].isEmpty }.map { Int32($0) }
        order.sort { symbols[Int($0)].lexicographicallyPrecedes(symbols[Int($1)]) }

        // Breadth-first construction from the sorted list: a node stands for a run of patterns
        // sharing its prefix; its children are the sub-runs that agree on the next symbol. Nodes
        // are numbered as they are created, which is breadth-first order.
        var runStart: [Int32] = [0]
        var runEnd: [Int32] = [Int32(order.count)]
        var depths: [Int32] = [0]
        var nodes: [Node] = []
        var edgeSymbols: [UInt32] = []
        var edgeTargets: [Int32] = []
        var patternStart: [Int32] = []
        var patternIDs: [Int32] = []
        var node = 0
        while node < depths.count {
            patternStart.append(Int32(patternIDs.count))
            let firstEdge = edgeSymbols.count
            var index = Int(runStart[node])
            let end = Int(runEnd[node])
            let depth = Int(depths[node])
            // A pattern that ends here sorts before its extensions.
            while index < end, symbols[Int(order[index])].count == depth {
                patternIDs.append(order[index])
                index += 1
            }
            while index < end {
                let symbol = symbols[Int(order[index])][depth]
                var next = index + 1
                while next < end, symbols[Int(order[next])][depth] == symbol { next += 1 }
                edgeSymbols.append(symbol)
                edgeTargets.append(Int32(depths.count))
                runStart.append(Int32(index))
                runEnd.append(Int32(next))
                depths.append(Int32(depth + 1))
                index = next
            }
            nodes.append(Node(firstEdge: Int32(firstEdge), fail: 0, report: -1, edgeCount: Int32(edgeSymbols.count - firstEdge)))
            node += 1
        }
        patternStart.append(Int32(patternIDs.count))

        Self.link(&nodes, edgeSymbols: edgeSymbols, edgeTargets: edgeTargets, patternStart: patternStart)
        // The shallowest nodes (a prefix of breadth-first order, so every node's failure target
        // is among them too) get complete rows.
        let rowWidth = classes.count + 1
        let budgetRows = max(1, Self.denseBudget / (rowWidth * MemoryLayout<UInt32>.size))
        let denseCount = min(nodes.count, max(1, denseRows ?? budgetRows))
        transitions = PackedTransitions(nodes: nodes, edgeSymbols: edgeSymbols, edgeTargets: edgeTargets,
                                        rowWidth: rowWidth, denseCount: denseCount) { nodes[$0].report >= 0 }
        self.nodes = nodes
        self.patternStart = patternStart
        self.patternIDs = patternIDs
    }

    /// Failure and report links, breadth-first: a node's links only need shallower nodes'.
    private static func link(_ nodes: inout [Node], edgeSymbols: [UInt32], edgeTargets: [Int32], patternStart: [Int32]) {
        edgeSymbols.withUnsafeBufferPointer { edgeSymbols in
            edgeTargets.withUnsafeBufferPointer { edgeTargets in
                nodes.withUnsafeMutableBufferPointer { nodes in
                    for node in nodes.indices {
                        let first = Int(nodes[node].firstEdge)
                        for edge in first..<(first + Int(nodes[node].edgeCount)) {
                            let target = Int(edgeTargets[edge])
                            if node != 0 {
                                var suffix = nodes[node].fail
                                while true {
                                    let next = child(suffix, edgeSymbols[edge], UnsafeBufferPointer(nodes), edgeSymbols, edgeTargets)
                                    if next >= 0 { nodes[target].fail = next; break }
                                    if suffix == 0 { break }
                                    suffix = nodes[Int(suffix)].fail
                                }
                            }
                            let endsHere = patternStart[target] < patternStart[target + 1]
                            nodes[target].report = endsHere ? Int32(target) : nodes[Int(nodes[target].fail)].report
                        }
                    }
                }
            }
        }
    }

    /// The child of `node` on `symbol`, or -1.
    @inline(__always)
    private static func child(_ node: Int32, _ symbol: UInt32, _ nodes: UnsafeBufferPointer<Node>,
                              _ edgeSymbols: UnsafeBufferPointer<UInt32>, _ edgeTargets: UnsafeBufferPointer<Int32>) -> Int32 {
        var low = Int(nodes[Int(node)].firstEdge)
        var high = low + Int(nodes[Int(node)].edgeCount)
        // Narrow to a short run that still holds `symbol` if present, then scan it.
        while high - low > 8 {
            let middle = (low + high) / 2
            if edgeSymbols[middle] < symbol { low = middle + 1 } else { high = middle + 1 }
        }
        while low < high {
            let candidate = edgeSymbols[low]
            if candidate == symbol { return edgeTargets[low] }
            if candidate > symbol { return -1 }
            low += 1
        }
        return -1
    }

    /// Calls `body(pattern, end)` for every occurrence of every pattern in `text`; `end` is the
    /// index of the occurrence's last byte. Occurrences come in order of their end.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        classes.withLookup { classOf in
            transitions.withStepper { stepper in
                var state: UInt32 = 0
                var position = 0
                while position < text.count {
                    let (value, length) = SymbolClasses.decode(text, at: position)
                    position &+= length
                    let symbol = classOf(value)
                    if symbol == 0 {
                        state = 0
                        continue
                    }
                    state = stepper.step(state, symbol)
                    if state & 1 != 0 { report(from: stepper.node(state), end: position - 1, body) }
                }
            }
        }
    }

    /// Every pattern that ends at `node` or along its failure chain.
    private func report(from node: Int, end: Int, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        var report = nodes[node].report
        while report >= 0 {
            for index in Int(patternStart[Int(report)])..<Int(patternStart[Int(report) + 1]) {
                body(patternIDs[index], end)
            }
            report = nodes[Int(nodes[Int(report)].fail)].report
        }
    }
}
