/// `pacing.per_account_per_minute`: an account sends at most `limit` items in any `window`
/// seconds (docs/delivery.md, "Order and pacing"). Pure: the caller passes the time and records
/// what it sent.
public struct SlidingWindowPacer: Sendable {
    public let limit: Int
    public let window: Double
    /// Send times per key (the account), oldest first; only those inside the window are kept.
    private var sent: [String: [Double]] = [:]

    public init(limit: Int, window: Double = 60) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// How many more items `key` may send at `now`.
    public mutating func available(_ key: String, now: Double) -> Int {
        prune(key, now: now)
        return max(0, limit - (sent[key]?.count ?? 0))
    }

    /// When `key` may send `count` more items, if it cannot now (nil when it can).
    public mutating func nextSlot(_ key: String, count: Int, now: Double) -> Double? {
        prune(key, now: now)
        let times = sent[key] ?? []
        let excess = times.count + count - limit
        guard excess > 0 else { return nil }
        guard count <= limit else { return times.last.map { $0 + window } ?? now }
        return times[excess - 1] + window
    }

    public mutating func record(_ key: String, count: Int, at time: Double) {
        sent[key, default: []].append(contentsOf: repeatElement(time, count: count))
    }

    private mutating func prune(_ key: String, now: Double) {
        guard var times = sent[key] else { return }
        let cutoff = now - window
        if let keep = times.firstIndex(where: { $0 > cutoff }) {
            if keep > 0 { times.removeFirst(keep) }
            sent[key] = times
        } else {
            sent[key] = nil
        }
    }
}
