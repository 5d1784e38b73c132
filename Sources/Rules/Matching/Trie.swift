/// The keyword automaton's trie as it is built, in flat arrays: nodes numbered breadth-first
/// (root 0), transitions as sorted edge lists (compressed sparse rows), failure links set.
/// `KeywordAutomaton` lays it out again for matching and drops it.
struct Trie {
    struct Node {
        /// The node's edges are `edgeSymbols/edgeTargets[firstEdge ..< firstEdge + edgeCount]`, classes ascending.
        var firstEdge: Int32
        var edgeCount: Int32
        /// The longest proper suffix of the node's string that is also a node.
        var fail: Int32
    }

    private(set) var nodes: [Node] = []
    private(set) var edgeSymbols: [UInt32] = []
    private(set) var edgeTargets: [Int32] = []
    /// The patterns ending at node n: `patternIDs[patternStart[n] ..< patternStart[n + 1]]`.
    private(set) var patternStart: [Int32] = []
    private(set) var patternIDs: [Int32] = []

    /// `patterns` as class numbers; empty ones are left out.
    init(_ patterns: [[UInt32]]) {
        var order = patterns.indices.filter { !patterns[$0].isEmpty }.map { Int32($0) }
        order.sort { patterns[Int($0)].lexicographicallyPrecedes(patterns[Int($1)]) }

        // Breadth-first construction from the sorted list: a node stands for a run of patterns
        // sharing its prefix; its children are the sub-runs that agree on the next symbol. Nodes
        // are numbered as they are created, which is breadth-first order.
        var runStart: [Int32] = [0]
        var runEnd: [Int32] = [Int32(order.count)]
        var depths: [Int32] = [0]
        var node = 0
        while node < depths.count {
            patternStart.append(Int32(patternIDs.count))
            let firstEdge = edgeSymbols.count
            var index = Int(runStart[node])
            let end = Int(runEnd[node])
            let depth = Int(depths[node])
            // A pattern that ends here sorts before its extensions.
            while index < end, patterns[Int(order[index])].count == depth {
                patternIDs.append(order[index])
                index += 1
            }
            while index < end {
                let symbol = patterns[Int(order[index])][depth]
                var next = index + 1
                while next < end, patterns[Int(order[next])][depth] == symbol { next += 1 }
                edgeSymbols.append(symbol)
                edgeTargets.append(Int32(depths.count))
                runStart.append(Int32(index))
                runEnd.append(Int32(next))
                depths.append(Int32(depth + 1))
                index = next
            }
            nodes.append(Node(firstEdge: Int32(firstEdge), edgeCount: Int32(edgeSymbols.count - firstEdge), fail: 0))
            node += 1
        }
        patternStart.append(Int32(patternIDs.count))
        linkFailures()
    }

    /// Failure links, breadth-first: a node's link only needs shallower nodes'.
    private mutating func linkFailures() {
        edgeSymbols.withUnsafeBufferPointer { edgeSymbols in
            edgeTargets.withUnsafeBufferPointer { edgeTargets in
                nodes.withUnsafeMutableBufferPointer { nodes in
                    for node in nodes.indices where node != 0 {
                        let first = Int(nodes[node].firstEdge)
                        for edge in first..<(first + Int(nodes[node].edgeCount)) {
                            let target = Int(edgeTargets[edge])
                            var suffix = nodes[node].fail
                            while true {
                                let next = Self.child(suffix, edgeSymbols[edge], UnsafeBufferPointer(nodes), edgeSymbols, edgeTargets)
                                if next >= 0 { nodes[target].fail = next; break }
                                if suffix == 0 { break }
                                suffix = nodes[Int(suffix)].fail
                            }
                        }
                    }
                }
            }
        }
    }

    /// Per node, the nearest node on its failure chain, itself included, where a pattern ends; -1 when none.
    func reports() -> [Int32] {
        var report = [Int32](repeating: -1, count: nodes.count)
        // Breadth-first, so a node's failure target is done before it.
        for node in nodes.indices where node != 0 {
            let endsHere = patternStart[node] < patternStart[node + 1]
            report[node] = endsHere ? Int32(node) : report[Int(nodes[node].fail)]
        }
        return report
    }

    /// The child of `node` on `symbol`, or -1.
    private static func child(_ node: Int32, _ symbol: UInt32, _ nodes: UnsafeBufferPointer<Node>,
                              _ edgeSymbols: UnsafeBufferPointer<UInt32>, _ edgeTargets: UnsafeBufferPointer<Int32>) -> Int32 {
        var low = Int(nodes[Int(node)].firstEdge)
        var high = low + Int(nodes[Int(node)].edgeCount)
        while low < high {
            let middle = (low + high) / 2
            if edgeSymbols[middle] < symbol { low = middle + 1 } else { high = middle }
        }
        return low < Int(nodes[Int(node)].firstEdge) + Int(nodes[Int(node)].edgeCount) && edgeSymbols[low] == symbol
            ? edgeTargets[low] : -1
    }

    /// A numbering for matching (old node → new): the root 0, its children as they are (they are
    /// 1…n in class order), then each of their subtrees depth first, a node's children in class
    /// order. A node below depth 1 then has its first child right after it, so following a
    /// keyword character by character reads consecutive records.
    func depthFirstOrder() -> [Int32] {
        let rootChildren = nodes.isEmpty ? 0 : Int(nodes[0].edgeCount)
        var order = [Int32](repeating: -1, count: nodes.count)
        if !nodes.isEmpty { order[0] = 0 }
        var next = Int32(1)
        for child in 1..<(rootChildren + 1) {
            order[child] = next
            next += 1
        }
        var stack: [Int32] = []
        for top in 1..<(rootChildren + 1) {
            let first = Int(nodes[top].firstEdge)
            stack.append(contentsOf: edgeTargets[first..<(first + Int(nodes[top].edgeCount))].reversed())
            while let node = stack.popLast() {
                order[Int(node)] = next
                next += 1
                let first = Int(nodes[Int(node)].firstEdge)
                stack.append(contentsOf: edgeTargets[first..<(first + Int(nodes[Int(node)].edgeCount))].reversed())
            }
        }
        return order
    }
}
