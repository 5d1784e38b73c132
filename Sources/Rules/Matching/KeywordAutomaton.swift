/// Aho–Corasick over the UTF-8 bytes of normalized text: every `contains`/`prefix` keyword of a
/// rule set in one automaton, so a message is matched in one pass whatever the keyword count.
///
/// The trie is stored as flat arrays indexed by node (nodes numbered in breadth-first order,
/// root 0), transitions as sorted edge lists (compressed sparse rows): about 25 bytes per node,
/// no per-node objects. Matching whole UTF-8 sequences on bytes is sound because UTF-8 is
/// self-synchronising: a keyword can only match at character boundaries.
struct KeywordAutomaton: Sendable {
    /// Node n's edges are `edgeBytes/edgeTargets[edgeStart[n] ..< edgeStart[n + 1]]`, bytes ascending.
    private let edgeStart: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    /// The root's transitions as a dense table (-1 = none): most steps start there.
    private let rootTable: [Int32]
    /// The longest proper suffix of node n's string that is also a trie node.
    private let fail: [Int32]
    /// The nearest node on n's failure chain (n excluded) where a pattern ends; -1 when none.
    private let outputLink: [Int32]
    /// The patterns ending at node n: `patternIDs[patternStart[n] ..< patternStart[n + 1]]`.
    private let patternStart: [Int32]
    private let patternIDs: [Int32]
    /// Byte length of each pattern, by id.
    let patternLengths: [Int32]

    var nodeCount: Int { fail.count }

    /// Pattern ids are indices into `patterns`; empty patterns never match.
    init(patterns: [[UInt8]]) {
        patternLengths = patterns.map { Int32($0.count) }
        var order = patterns.indices.filter { !patterns[$0].isEmpty }.map { Int32($0) }
        order.sort { patterns[Int($0)].lexicographicallyPrecedes(patterns[Int($1)]) }

        // Breadth-first construction from the sorted list: a node stands for a run of patterns
        // sharing its prefix; its children are the sub-runs that agree on the next byte. Nodes
        // are numbered as they are created, which is breadth-first order.
        var runStart: [Int32] = [0]
        var runEnd: [Int32] = [Int32(order.count)]
        var depths: [Int32] = [0]
        var edgeStart: [Int32] = []
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        var patternStart: [Int32] = []
        var patternIDs: [Int32] = []
        var node = 0
        while node < depths.count {
            edgeStart.append(Int32(edgeBytes.count))
            patternStart.append(Int32(patternIDs.count))
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
            node += 1
        }
        edgeStart.append(Int32(edgeBytes.count))
        patternStart.append(Int32(patternIDs.count))

        var rootTable = [Int32](repeating: -1, count: 256)
        for edge in Int(edgeStart[0])..<Int(edgeStart[1]) {
            rootTable[Int(edgeBytes[edge])] = edgeTargets[edge]
        }
        self.edgeStart = edgeStart
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.rootTable = rootTable
        self.patternStart = patternStart
        self.patternIDs = patternIDs
        (fail, outputLink) = Self.links(nodeCount: depths.count, edgeStart: edgeStart, edgeBytes: edgeBytes,
                                        edgeTargets: edgeTargets, rootTable: rootTable, patternStart: patternStart)
    }

    /// Failure and output links, breadth-first: a node's links only need shallower nodes'.
    private static func links(nodeCount: Int, edgeStart: [Int32], edgeBytes: [UInt8], edgeTargets: [Int32],
                              rootTable: [Int32], patternStart: [Int32]) -> (fail: [Int32], output: [Int32]) {
        var fail = [Int32](repeating: 0, count: nodeCount)
        var output = [Int32](repeating: -1, count: nodeCount)
        for node in 0..<nodeCount {
            for edge in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                let child = Int(edgeTargets[edge])
                if node != 0 {
                    let byte = edgeBytes[edge]
                    var suffix = fail[node]
                    while true {
                        let next = step(suffix, byte, edgeStart, edgeBytes, edgeTargets, rootTable)
                        if next >= 0 { fail[child] = next; break }
                        if suffix == 0 { break }
                        suffix = fail[Int(suffix)]
                    }
                }
                let suffix = Int(fail[child])
                output[child] = patternStart[suffix] < patternStart[suffix + 1] ? Int32(suffix) : output[suffix]
            }
        }
        return (fail, output)
    }

    /// The child of `node` on `byte`, or -1.
    @inline(__always)
    private static func step(_ node: Int32, _ byte: UInt8, _ edgeStart: [Int32], _ edgeBytes: [UInt8],
                             _ edgeTargets: [Int32], _ rootTable: [Int32]) -> Int32 {
        if node == 0 { return rootTable[Int(byte)] }
        var low = Int(edgeStart[Int(node)])
        var high = Int(edgeStart[Int(node) + 1])
        while high - low > 8 {
            let middle = (low + high) / 2
            if edgeBytes[middle] < byte { low = middle + 1 } else { high = middle }
        }
        while low < high {
            if edgeBytes[low] == byte { return edgeTargets[low] }
            if edgeBytes[low] > byte { return -1 }
            low += 1
        }
        return -1
    }

    /// Calls `body(pattern, end)` for every occurrence of every pattern in `text`; `end` is the
    /// index of the occurrence's last byte. Occurrences come in order of their end.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        var state: Int32 = 0
        for position in 0..<text.count {
            let byte = text[position]
            while true {
                let next = Self.step(state, byte, edgeStart, edgeBytes, edgeTargets, rootTable)
                if next >= 0 { state = next; break }
                if state == 0 { break }
                state = fail[Int(state)]
            }
            var node = Int(state)
            if patternStart[node] == patternStart[node + 1] { node = Int(outputLink[node]) }
            while node >= 0 {
                for index in Int(patternStart[node])..<Int(patternStart[node + 1]) {
                    body(patternIDs[index], position)
                }
                node = Int(outputLink[node])
            }
        }
    }
}
