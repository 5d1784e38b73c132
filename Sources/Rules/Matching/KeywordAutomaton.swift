/// Aho–Corasick over the UTF-8 bytes of normalized text: every `contains`/`prefix` keyword of a
/// rule set in one automaton, so a message is matched in one pass whatever the keyword count.
///
/// The trie is stored in flat arrays (nodes numbered breadth-first, root 0; transitions as sorted
/// edge lists, compressed sparse rows): about 21 bytes per node and no per-node objects. What a
/// step needs of a node sits in one 16-byte `Node`. The shallowest nodes, where most steps
/// happen, also get complete 256-entry rows with failures resolved (at most 1 MiB). Matching
/// whole UTF-8 sequences on bytes is sound because UTF-8 is self-synchronising: a keyword can
/// only match at character boundaries.
struct KeywordAutomaton: Sendable {
    struct Node: Sendable {
        /// The node's edges are `edgeBytes/edgeTargets[firstEdge ..< firstEdge + edgeCount]`, bytes ascending.
        var firstEdge: Int32
        /// The longest proper suffix of the node's string that is also a node.
        var fail: Int32
        /// The nearest node on the failure chain, this one included, where a pattern ends; -1 when none.
        var report: Int32
        var edgeCount: UInt16
    }

    private let nodes: [Node]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    /// Complete transition rows (`node << 8 | byte`) for the nodes below `denseCount`.
    private let dense: [Int32]
    private let denseCount: Int32
    /// At most 1 MiB of complete rows: for CJK text, the root, every lead byte and the
    /// commonest two-byte prefixes.
    static let denseRowLimit = 1024
    /// The patterns ending at node n: `patternIDs[patternStart[n] ..< patternStart[n + 1]]`.
    private let patternStart: [Int32]
    private let patternIDs: [Int32]
    /// Byte length of each pattern, by id.
    let patternLengths: [Int32]

    var nodeCount: Int { nodes.count }

    /// Pattern ids are indices into `patterns`; empty patterns never match. `denseRows` (at
    /// least 1, the root) is there for tests, to exercise the sparse path on small sets.
    init(patterns: [[UInt8]], denseRows: Int = denseRowLimit) {
        patternLengths = patterns.map { Int32($0.count) }
        var order = patterns.indices.filter { !patterns[$0].isEmpty }.map { Int32($0) }
        order.sort { patterns[Int($0)].lexicographicallyPrecedes(patterns[Int($1)]) }

        // Breadth-first construction from the sorted list: a node stands for a run of patterns
        // sharing its prefix; its children are the sub-runs that agree on the next byte. Nodes
        // are numbered as they are created, which is breadth-first order.
        var runStart: [Int32] = [0]
        var runEnd: [Int32] = [Int32(order.count)]
        var depths: [Int32] = [0]
        var nodes: [Node] = []
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        var patternStart: [Int32] = []
        var patternIDs: [Int32] = []
        var node = 0
        while node < depths.count {
            patternStart.append(Int32(patternIDs.count))
            let firstEdge = edgeBytes.count
            var index = Int(runStart[node])
            let end = Int(runEnd[node])
            let depth = Int(depths[node])
            // A pattern that ends here sorts before its extensions.
            while index < end, patterns[Int(order[index])].count == depth {
                patternIDs.append(order[index])
                index += 1
            }
            while index < end {
                let byte = patterns[Int(order[index])][depth]
                var next = index + 1
                while next < end, patterns[Int(order[next])][depth] == byte { next += 1 }
                edgeBytes.append(byte)
                edgeTargets.append(Int32(depths.count))
                runStart.append(Int32(index))
                runEnd.append(Int32(next))
                depths.append(Int32(depth + 1))
                index = next
            }
            nodes.append(Node(firstEdge: Int32(firstEdge), fail: 0, report: -1, edgeCount: UInt16(edgeBytes.count - firstEdge)))
            node += 1
        }
        patternStart.append(Int32(patternIDs.count))

        Self.link(&nodes, edgeBytes: edgeBytes, edgeTargets: edgeTargets, patternStart: patternStart)
        // The shallowest nodes (a prefix of breadth-first order, so every node's failure target
        // is among them too) get complete rows: a missing edge resolves through the failure's row.
        let denseCount = min(nodes.count, max(1, denseRows))
        var dense = [Int32](repeating: 0, count: denseCount << 8)
        edgeBytes.withUnsafeBufferPointer { edgeBytes in
            edgeTargets.withUnsafeBufferPointer { edgeTargets in
                nodes.withUnsafeBufferPointer { nodes in
                    for row in 0..<denseCount {
                        let fallback = Int(nodes[row].fail) << 8
                        for byte in 0..<256 {
                            let child = Self.child(Int32(row), UInt8(byte), nodes, edgeBytes, edgeTargets)
                            dense[row << 8 | byte] = child >= 0 ? child : (row == 0 ? 0 : dense[fallback | byte])
                        }
                    }
                }
            }
        }
        self.nodes = nodes
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.dense = dense
        self.denseCount = Int32(denseCount)
        self.patternStart = patternStart
        self.patternIDs = patternIDs
    }

    /// Failure and report links, breadth-first: a node's links only need shallower nodes'.
    private static func link(_ nodes: inout [Node], edgeBytes: [UInt8], edgeTargets: [Int32], patternStart: [Int32]) {
        edgeBytes.withUnsafeBufferPointer { edgeBytes in
            edgeTargets.withUnsafeBufferPointer { edgeTargets in
                nodes.withUnsafeMutableBufferPointer { nodes in
                    for node in nodes.indices {
                        let first = Int(nodes[node].firstEdge)
                        for edge in first..<(first + Int(nodes[node].edgeCount)) {
                            let target = Int(edgeTargets[edge])
                            if node != 0 {
                                var suffix = nodes[node].fail
                                while true {
                                    let next = child(suffix, edgeBytes[edge], UnsafeBufferPointer(nodes), edgeBytes, edgeTargets)
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

    /// The child of `node` on `byte`, or -1.
    @inline(__always)
    private static func child(_ node: Int32, _ byte: UInt8, _ nodes: UnsafeBufferPointer<Node>,
                              _ edgeBytes: UnsafeBufferPointer<UInt8>, _ edgeTargets: UnsafeBufferPointer<Int32>) -> Int32 {
        var low = Int(nodes[Int(node)].firstEdge)
        var high = low + Int(nodes[Int(node)].edgeCount)
        // Narrow to a short run that still holds `byte` if present, then scan it.
        while high - low > 8 {
            let middle = (low + high) / 2
            if edgeBytes[middle] < byte { low = middle + 1 } else { high = middle + 1 }
        }
        while low < high {
            let candidate = edgeBytes[low]
            if candidate == byte { return edgeTargets[low] }
            if candidate > byte { return -1 }
            low += 1
        }
        return -1
    }

    /// Calls `body(pattern, end)` for every occurrence of every pattern in `text`; `end` is the
    /// index of the occurrence's last byte. Occurrences come in order of their end.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        nodes.withUnsafeBufferPointer { nodes in
            edgeBytes.withUnsafeBufferPointer { edgeBytes in
                edgeTargets.withUnsafeBufferPointer { edgeTargets in
                    dense.withUnsafeBufferPointer { dense in
                        var state: Int32 = 0
                        for position in 0..<text.count {
                            let byte = text[position]
                            while true {
                                if state < denseCount {
                                    state = dense[Int(state) << 8 | Int(byte)]
                                    break
                                }
                                let next = Self.child(state, byte, nodes, edgeBytes, edgeTargets)
                                if next >= 0 { state = next; break }
                                state = nodes[Int(state)].fail
                            }
                            var report = nodes[Int(state)].report
                            while report >= 0 {
                                for index in Int(patternStart[Int(report)])..<Int(patternStart[Int(report) + 1]) {
                                    body(patternIDs[index], position)
                                }
                                report = nodes[Int(nodes[Int(report)].fail)].report
                            }
                        }
                    }
                }
            }
        }
    }
}
