/// Aho–Corasick over the characters of normalized text: every `contains`/`prefix` keyword of a
/// rule set in one automaton, so a message is matched in one pass whatever the keyword count.
///
/// Laid out so that a step touches few cache lines at 100k keywords as at 100. It steps on the
/// character's class (`SymbolClasses`), numbered so that the root's child on class c is node c:
/// leaving the root costs no memory read. From there (most of the time: a message's characters
/// rarely continue a keyword), `PairFilter` says from a small bit set that no keyword begins with
/// the character before and this one, and the step goes straight to the new character's node
/// again, without reading the trie. Only a pair that may begin a keyword,
/// and states deeper in a keyword, ask `EdgeTable`, one hash probe per edge tried. Nodes are
/// numbered breadth-first (root 0), and a state is a reference `node << 1 | reports`: the low bit
/// says a pattern ends at the node or along its failure chain, so the loop knows without reading
/// anything more. Input must be valid UTF-8 (normalized text is).
struct KeywordAutomaton: Sendable {
    private let classes: SymbolClasses
    private let pairs: PairFilter
    private let edges: EdgeTable
    /// Per node, the node its failure link leads to.
    private let fail: [UInt32]
    /// Per node, the nearest node on its failure chain, itself included, where a pattern ends; -1 when none.
    private let report: [Int32]
    /// The patterns ending at node n: `patternIDs[patternStart[n] ..< patternStart[n + 1]]`.
    private let patternStart: [Int32]
    private let patternIDs: [Int32]
    /// Byte length of each pattern, by id.
    let patternLengths: [Int32]

    var nodeCount: Int { fail.count }

    /// Pattern ids are indices into `patterns` (valid UTF-8); empty patterns never match.
    /// `filterBits` is there for tests: a tiny filter lets nearly every pair through to the edge table.
    init(patterns: [[UInt8]], filterBits: Int? = nil) {
        patternLengths = patterns.map { Int32($0.count) }
        let (classes, symbols) = SymbolClasses.build(patterns)
        self.classes = classes
        let trie = Trie(symbols)
        precondition(trie.nodes.count <= Int(UInt32.max >> 1), "more trie nodes than state references can name")
        // The root's children come out of the sorted construction in class order: node c is class c.
        assert(trie.nodes[0].edgeCount == classes.firstCount
               && (0..<classes.firstCount).allSatisfy { trie.edgeTargets[$0] == $0 + 1 && trie.edgeSymbols[$0] == $0 + 1 })

        let report = trie.reports()
        func reference(_ node: Int32) -> UInt32 { UInt32(node) << 1 | (report[Int(node)] >= 0 ? 1 : 0) }
        var edges: [(parent: UInt32, symbol: UInt32, target: UInt32)] = []
        edges.reserveCapacity(max(0, trie.edgeSymbols.count - classes.firstCount))
        var pairs: [(first: UInt32, second: UInt32)] = []
        for node in 1..<max(1, trie.nodes.count) {
            let first = Int(trie.nodes[node].firstEdge)
            for edge in first..<(first + Int(trie.nodes[node].edgeCount)) {
                edges.append((UInt32(node), trie.edgeSymbols[edge], reference(trie.edgeTargets[edge])))
                if node <= classes.firstCount { pairs.append((UInt32(node), trie.edgeSymbols[edge])) }
            }
        }
        self.edges = EdgeTable(edges)
        self.pairs = PairFilter(pairs, bits: filterBits)
        fail = trie.nodes.map { UInt32($0.fail) }
        self.report = report
        patternStart = trie.patternStart
        patternIDs = trie.patternIDs
    }

    /// Calls `body(pattern, end)` for every occurrence of every pattern in `text`; `end` is the
    /// index of the occurrence's last byte. Occurrences come in order of their end.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (_ pattern: Int32, _ end: Int) -> Void) {
        let firstCount = UInt32(classes.firstCount), singleCount = UInt32(classes.singleCount)
        classes.withLookup { classOf in
            pairs.withReader { pairs in
                edges.withReader { edges in
                    fail.withUnsafeBufferPointer { fail in
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
                            var node = state >> 1
                            step: do {
                                while node > firstCount {
                                    if let target = edges.child(node, symbol) {
                                        state = target
                                        break step
                                    }
                                    node = fail[Int(node)]
                                }
                                // A node of depth 1 is the class of the character before: the
                                // filter answers for the pair without reading the trie.
                                if node != 0, pairs.mayBegin(node, symbol), let target = edges.child(node, symbol) {
                                    state = target
                                    break step
                                }
                                state = symbol <= firstCount ? symbol << 1 | (symbol <= singleCount ? 1 : 0) : 0
                            }
                            if state & 1 != 0 { report(from: Int(state >> 1), end: position - 1, body) }
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
            found = report[Int(fail[Int(found)])]
        }
    }
}
