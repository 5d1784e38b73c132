import Foundation

/// Counts of latencies by `LatencyBins` bin, summed over a window; its percentiles are the
/// contract's nearest rank (the value at rank ⌈p·n⌉), read to the bin that holds that rank.
struct LatencyHistogram {
    private(set) var counts: [Int: Int] = [:]

    mutating func add(bin: Int, count: Int) {
        counts[bin, default: 0] += count
    }

    var total: Int { counts.values.reduce(0, +) }

    /// p50 and p99 in milliseconds; nil without a latency.
    var latency: OutboxStats.Latency? {
        let total = total
        guard total > 0 else { return nil }
        let ranks = (p50: Self.nearestRank(0.50, of: total), p99: Self.nearestRank(0.99, of: total))
        var seen = 0
        var found: (p50: Double?, p99: Double?) = (nil, nil)
        for bin in counts.keys.sorted() where (counts[bin] ?? 0) > 0 {
            seen += counts[bin] ?? 0
            if found.p50 == nil && seen >= ranks.p50 { found.p50 = LatencyBins.reported(bin) }
            if found.p99 == nil && seen >= ranks.p99 { found.p99 = LatencyBins.reported(bin) }
        }
        guard let p50 = found.p50, let p99 = found.p99 else { return nil }
        return OutboxStats.Latency(p50: p50, p99: p99)
    }

    /// The 1-based rank ⌈p·n⌉, at least 1.
    static func nearestRank(_ p: Double, of count: Int) -> Int {
        let exact = p * Double(count)
        var rank = Int(exact)
        if Double(rank) < exact { rank += 1 }
        return min(max(rank, 1), count)
    }
}
