import Delivery

/// How one subscription's forwards stand: counts by state, and when an attempt last delivered
/// one and last did not (a retried attempt counts as a failure).
public struct SubscriptionActivity: Sendable, Hashable {
    /// Every state present, 0 when none.
    public var counts: [ForwardState: Int]
    /// When the last 2xx answer came (Unix seconds); nil when none has.
    public var lastSuccessAt: Double?
    /// When the last attempt without a 2xx ended; nil when none has.
    public var lastFailureAt: Double?

    public init(counts: [ForwardState: Int] = [:], lastSuccessAt: Double? = nil, lastFailureAt: Double? = nil) {
        self.counts = Dictionary(uniqueKeysWithValues: ForwardState.allCases.map { ($0, counts[$0] ?? 0) })
        self.lastSuccessAt = lastSuccessAt
        self.lastFailureAt = lastFailureAt
    }
}
