/// Aho–Corasick over the characters of normalized text: every `contains`/`prefix` keyword of a
/// rule set in one automaton, so a message is matched in one pass whatever the keyword count.
///
/// Laid out so that a step touches few cache lines at 100k keywords as at 100. It steps on the
/// character's class (`SymbolClasses`), numbered so that the root's child on class c is node c:
/// leaving the root costs no memory read. From there (most of the time: a message's characters
/// rarely continue a keyword), `PairFilter` says from a small bit set that no keyword begins with
/// the character before and this one, and the step goes straight to the new character's node
/// again, without reading the trie. Below depth 1, nodes are numbered depth first
/// (`Trie.depthFirstOrder`) and each has a record of 8 bytes: its failure link and its first
/// child's class, the child being the next node. Most nodes there have one child or none, so
/// following a keyword reads consecutive records and leaving it reads the one record it is at;
/// only the other children of a node with several, and the children of depth-1 nodes that the
/// filter lets through, are looked up in `EdgeTable`, one hash probe each. A state is a reference
/// `node << 1 | reports`: the low bit says a pattern ends at the node or along its failure chain,
/// so the loop knows without reading anything more. Input must be valid UTF-8 (normalized text is).
struct KeywordAutomaton: Sendable {
    private let classes: SymbolClasses
    private let pairs: PairFilter
    private let edges: EdgeTable
    /// Per node: its failure link's node << 32 | its first child's class << 2 | `othersBit` when it
    /// has more children (in `edges`) | the first child's report bit. A leaf has class 0, which
    /// no character is. Only the failure link is set for the root and depth 1.
    private let records: [UInt64]
    private static let othersBit: UInt64 = 2
    /// Per node, the nearest node on its failure chain, itself included, where a pattern ends; -1 when none.
    private let report: [Int32]
    /// The patterns ending at node n: `patternIDs[patternStart[n] ..< patternStart[n + 1]]`.
    private let patternStart: [Int32]
    private let patternIDs: [Int32]
    /// Byte length of each pattern, by id.
    let patternLengths: [Int32]

    var nodeCount: Int { records.count }

    /// Pattern ids are indices into `patterns` (valid UTF-8); empty patterns never match.
    /// `filterBits` is there for tests: a tiny filter lets nearly every pair through to the edge table.
    init(patterns: [[UInt8]], filterBits: Int? = nil) {
        patternLengths = patterns.map { Int32($0.count) }
        let (classes, symbols) = SymbolClasses.build(patterns)
        self.classes = classes
        let trie = Trie(symbols)
        let count = trie.nodes.count
        precondition(count <= Int(UInt32.max >> 1), "more trie nodes than state references can name")
        // The root's children come out of the sorted construction in class order: node c is class c.
        assert(trie.nodes[0].edgeCount == classes.firstCount
               && (0..<classes.firstCount).allSatisfy { trie.edgeTargets[$0] == $0 + 1 && trie.edgeSymbols[$0] == $0 + 1 })

        // Everything below is in the matching order.
        let order = trie.depthFirstOrder()
        let built = trie.reports()
        var report = [Int32](repeating: -1, count: count)
        for node in 0..<count where built[node] >= 0 { report[Int(order[node])] = order[Int(built[node])] }
        func reference(_ old: Int32) -> UInt32 { UInt32(order[Int(old)]) << 1 | (built[Int(old)] >= 0 ? 1 : 0) }

        var records = [UInt64](repeating: 0, count: count)
        var edges: [(parent: UInt32, symbol: UInt32, target: UInt32)] = []
        var pairs: [(first: UInt32, second: UInt32)] = []
        for old in 0..<count {
            let node = Int(order[old])
            var record = UInt64(order[Int(trie.nodes[old].fail)]) << 32
            let first = Int(trie.nodes[old].firstEdge), edgeCount = Int(trie.nodes[old].edgeCount)
            for edge in first..<(first + edgeCount) where old != 0 {
                let symbol = trie.edgeSymbols[edge], target = trie.edgeTargets[edge]
                if node > classes.firstCount && edge == first {
                    assert(Int(order[Int(target)]) == node + 1)
                    record |= UInt64(symbol) << 2 | UInt64(reference(target) & 1) | (edgeCount > 1 ? Self.othersBit : 0)
                } else {
                    edges.append((UInt32(node), symbol, reference(target)))
                    if node <= classes.firstCount { pairs.append((UInt32(node), symbol)) }
                }
            }
            records[node] = record
        }
        self.records = records
        self.edges = EdgeTable(edges)
        self.pairs = PairFilter(pairs, bits: filterBits)
        self.report = report

        var patternStart: [Int32] = [0]
        var patternIDs: [Int32] = []
        patternStart.reserveCapacity(count + 1)
        patternIDs.reserveCapacity(trie.patternIDs.count)
        var byNew = [Int32](repeating: 0, count: count)
        for old in 0..<count { byNew[Int(order[old])] = Int32(old) }
        for node in 0..<count {
            let old = Int(byNew[node])
            patternIDs += trie.patternIDs[Int(trie.patternStart[old])..<Int(trie.patternStart[old + 1])]
            patternStart.append(Int32(patternIDs.count))
        }
        self.patternStart = patternStart
        self.patternIDs = patternIDs
    }

    /// Calls `body(pattern, end)` for every occurrence of every pattern in `text`; `end` is the
    /// index of the occurrence's last byte. Occurrences come in order of their end.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        let firstCount = UInt32(classes.firstCount), singleCount = UInt32(classes.singleCount)
        classes.withLookup { classOf in
            pairs.withReader { pairs in
                edges.withReader { edges in
                    records.withUnsafeBufferPointer { records in
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
                            var node = state &>> 1
                            step: do {
                                while node > firstCount {
                                    let record = records[Int(node)]
                                    let chain = UInt32(truncatingIfNeeded: record)
                                    if chain &>> 2 == symbol {
                                        state = (node &+ 1) &<< 1 | chain & 1
                                        break step
                                    }
                                    if UInt64(chain) & Self.othersBit != 0, let target = edges.child(node, symbol) {
                                        state = target
                                        break step
                                    }
                                    node = UInt32(truncatingIfNeeded: record &>> 32)
                                }
                                // A node of depth 1 is the class of the character before: the
                                // filter answers for the pair without reading the trie.
                                if node != 0, pairs.mayBegin(node, symbol), let target = edges.child(node, symbol) {
                                    state = target
                                    break step
                                }
                                state = symbol <= firstCount ? symbol &<< 1 | (symbol <= singleCount ? 1 : 0) : 0
                            }
                            if state & 1 != 0 { report(from: Int(state &>> 1), end: position &- 1, body) }
                        }
                    }
                }
            }
        }
    }

    /// Every pattern that ends at `node` or along its failure chain.
    private func report(from node: Int, end: Int, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        var found = report[node]
        while found >= 0 {
            for index in Int(patternStart[Int(found)])..<Int(patternStart[Int(found) + 1]) {
                body(patternIDs[index], end)
            }
            found = report[Int(records[Int(found)] >> 32)]
        }
    }
}
