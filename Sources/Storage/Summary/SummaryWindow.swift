/// A window of creation (or receipt) times cut the way the summary tables are kept: whole hours,
/// read from the summary, and the parts of an hour at either edge, read from the rows themselves.
/// An hour is `floor(t / 3600)` of a row's time, as the engines' triggers file it.
struct SummaryWindow: Equatable {
    static let hourSeconds = 3600.0

    /// Part of one hour: its rows at or after `from` and before `to` (nil: no bound on that side).
    struct Edge: Equatable {
        let hour: Int
        let from: Double?
        let to: Double?

        /// A range of times that holds every row of the edge (an hour's rows, padded by a second
        /// for the rounding of `t / 3600`), for an index to walk; the hour itself is checked too.
        var range: (lower: Double, upper: Double) {
            (from ?? Double(hour) * SummaryWindow.hourSeconds - 1,
             to ?? Double(hour + 1) * SummaryWindow.hourSeconds + 1)
        }
    }

    /// Whole hours: from `firstHour` on, and before `endHour` when there is one.
    let firstHour: Int
    let endHour: Int?
    let edges: [Edge]

    /// No whole hour at all.
    var hasNoHours: Bool { endHour.map { $0 <= firstHour } ?? false }

    /// `[start, end)`; `end` nil: open-ended.
    init(start: Double, end: Double?) {
        let startHour = Self.hour(of: start)
        let startAligned = Double(startHour) * Self.hourSeconds == start
        var edges: [Edge] = []
        let first = startAligned ? startHour : startHour + 1
        guard let end else {
            if !startAligned { edges.append(Edge(hour: startHour, from: start, to: nil)) }
            self.init(firstHour: first, endHour: nil, edges: edges)
            return
        }
        guard end > start else {
            self.init(firstHour: first, endHour: first, edges: [])
            return
        }
        let endHour = Self.hour(of: end)
        let endAligned = Double(endHour) * Self.hourSeconds == end
        if !startAligned && startHour == endHour {
            // Both edges in one hour.
            self.init(firstHour: first, endHour: first, edges: [Edge(hour: startHour, from: start, to: end)])
            return
        }
        if !startAligned { edges.append(Edge(hour: startHour, from: start, to: nil)) }
        if !endAligned { edges.append(Edge(hour: endHour, from: nil, to: end)) }
        self.init(firstHour: first, endHour: max(first, endHour), edges: edges)
    }

    fileprivate init(firstHour: Int, endHour: Int?, edges: [Edge]) {
        self.firstHour = firstHour
        self.endHour = endHour
        self.edges = edges
    }

    /// Hours are clamped to ±2^50 (far beyond any real time) so that no time, however absurd a
    /// caller's filter, traps in the conversion to `Int`.
    static func hour(of time: Double) -> Int {
        let limit = Double(1 << 50)
        let hours = (time / hourSeconds).rounded(.down)
        guard !hours.isNaN else { return 0 }
        return Int(min(max(hours, -limit), limit))
    }
}

extension SummaryWindow {
    /// Only the edges of `window`, none of its whole hours.
    init(edgesOf window: SummaryWindow) {
        self.init(firstHour: window.firstHour, endHour: window.firstHour, edges: window.edges)
    }
}

extension SummaryWindow {
    /// Whether the window's whole hours include `hour`.
    func contains(hour: Int) -> Bool {
        hour >= firstHour && endHour.map { hour < $0 } ?? true
    }

    /// The counts of `hours` (by hour) over the window's whole hours.
    func sum(_ hours: [Int: Int]) -> Int {
        hours.reduce(0) { total, entry in contains(hour: entry.key) ? total + entry.value : total }
    }

    /// The counts of `hours` (by hour, then key) over the window's whole hours.
    func sum<Key: Hashable>(_ hours: [Int: [Key: Int]]) -> [Key: Int] {
        var sums: [Key: Int] = [:]
        for (hour, counts) in hours where contains(hour: hour) {
            sums.merge(counts, uniquingKeysWith: +)
        }
        return sums
    }
}
