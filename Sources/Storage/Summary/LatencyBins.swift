import Foundation

/// The fixed bins of the latency histograms the stores keep as messages change (`GET /api/stats`):
/// eight a doubling, from 0.125 ms to 2³² ms (about 50 days). Bin 0 holds everything under
/// 0.125 ms, bin k (1 ≤ k < `count` − 1) holds [lower(k), lower(k + 1)), the last bin everything from
/// 2³² ms on. A percentile read from them is the middle of its bin (on a log scale): within 4.4%
/// of the exact value. Both engines keep the same bins in a `latency_bins` table, written by their
/// migrations from `rows`, so they file a latency alike.
public enum LatencyBins {
    /// Bins per doubling.
    static let perDoubling = 8
    /// The lower edge of bin 1 is 2^`firstExponent` ms.
    static let firstExponent = -3
    /// Bins 0 … count − 1.
    static let count = perDoubling * (32 - firstExponent) + 2

    /// The lower edge in milliseconds of bin `k` (1 ≤ k < count); bin 0 has none.
    static func lower(_ k: Int) -> Double {
        pow(2.0, Double(k - 1) / Double(perDoubling) + Double(firstExponent))
    }

    /// What a percentile that falls in bin `k` reads as: the log-scale middle of the bin (bin 0 as
    /// if it were one more bin below bin 1, the last bin its lower edge).
    static func reported(_ k: Int) -> Double {
        let k = min(max(k, 0), count - 1)
        if k == count - 1 { return lower(k) }
        return pow(2.0, (Double(k) - 0.5) / Double(perDoubling) + Double(firstExponent))
    }

    /// `(bin, lower_ms)` for bins 1 … count − 1, as SQL `VALUES` rows: the shortest decimal of each
    /// Double, which both engines read back as the same Double.
    static var rows: String {
        (1..<count).map { "(\($0), \(lower($0)))" }.joined(separator: ", ")
    }
}
