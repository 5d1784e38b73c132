/// The route patterns requests are counted under, and the matching of a raw path to one of them
/// with the router's rules: `{name}` matches any one segment, empty segments are ignored, and
/// where several patterns match, the one with the most literal segments wins (the router prefers
/// a literal to a parameter at each segment). Matching allocates nothing: it runs for every
/// request, hooks included.
struct EndpointPatterns: Sendable {
    enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case parameter
    }

    let patterns: [String]
    private let compiled: [[Segment]]

    init(_ patterns: [String]) {
        var unique: [String] = []
        for pattern in patterns where !unique.contains(pattern) { unique.append(pattern) }
        self.patterns = unique
        compiled = unique.map(Self.compile)
    }

    static func compile(_ pattern: String) -> [Segment] {
        pattern.utf8.split(separator: UInt8(ascii: "/")).map { segment in
            let isParameter =
                segment.count > 2 && segment.first == UInt8(ascii: "{") && segment.last == UInt8(ascii: "}")
            return isParameter ? .parameter : .literal(Array(segment))
        }
    }

    /// The index of `pattern` itself, or nil when it is not one of ours.
    func index(ofPattern pattern: String) -> Int? {
        patterns.firstIndex(of: pattern)
    }

    /// The index of the pattern that routes `path`, or nil.
    func index(matching path: String) -> Int? {
        var path = path
        return path.withUTF8 { bytes in
            var best: (index: Int, literals: Int)?
            for (index, pattern) in compiled.enumerated() {
                if let literals = Self.literalMatches(pattern, bytes), literals > (best?.literals ?? -1) {
                    best = (index, literals)
                }
            }
            return best?.index
        }
    }

    /// How many literal segments of `pattern` matched `path`, or nil when it does not match.
    private static func literalMatches(_ pattern: [Segment], _ path: UnsafeBufferPointer<UInt8>) -> Int? {
        let slash = UInt8(ascii: "/")
        var position = 0
        var segment = 0
        var literals = 0
        while true {
            while position < path.count, path[position] == slash { position += 1 }
            if position == path.count { return segment == pattern.count ? literals : nil }
            var end = position
            while end < path.count, path[end] != slash { end += 1 }
            guard segment < pattern.count else { return nil }
            if case .literal(let text) = pattern[segment] {
                guard text.count == end - position else { return nil }
                for offset in 0..<text.count where text[offset] != path[position + offset] { return nil }
                literals += 1
            }
            segment += 1
            position = end
        }
    }
}
