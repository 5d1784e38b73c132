/// A Prometheus histogram's state: a count per bucket (not cumulative; the last one is `+Inf`),
/// the sum and the count of observations.
struct Histogram: Sendable, Equatable {
    /// Upper bounds, ascending.
    let bounds: [Double]
    private(set) var bucketCounts: [Int]
    private(set) var sum: Double = 0
    private(set) var count: Int = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        bucketCounts = Array(repeating: 0, count: bounds.count + 1)
    }

    mutating func observe(_ value: Double) {
        // A dozen bounds: a linear scan beats a binary search.
        var index = 0
        while index < bounds.count, value > bounds[index] { index += 1 }
        bucketCounts[index] += 1
        sum += value
        count += 1
    }

    /// `(le, cumulative count)` per bound, then `+Inf` with the total, as the text format lists them.
    var cumulative: [(bound: Double, count: Int)] {
        var running = 0
        var result: [(bound: Double, count: Int)] = []
        result.reserveCapacity(bucketCounts.count)
        for (index, bucketCount) in bucketCounts.enumerated() {
            running += bucketCount
            result.append((index < bounds.count ? bounds[index] : .infinity, running))
        }
        return result
    }
}
