import Core
import Delivery

/// What an engine reads for a window, on one snapshot: the whole hours from its summary tables
/// (`message_summary`, `message_latency`, `event_summary`), the parts of an hour at the edges from
/// its rows. The sums over them — `GET /api/stats`, `by_day`, the charts' event counts, the lists'
/// totals — are made once, here, for both engines.
protocol SummaryReading {
    /// Messages created in `window` by state (states without one absent).
    func stateCounts(in window: SummaryWindow, provider: Provider?, account: String?) throws -> [DeliveryState: Int]
    /// The accept and confirm latencies of the messages created in `window`, by bin.
    func latencies(in window: SummaryWindow, provider: Provider?, account: String?) throws
        -> (accept: LatencyHistogram, confirm: LatencyHistogram)
    /// Messages by hour and state, from `firstHour` on.
    func hourlyStateCounts(from firstHour: Int, provider: Provider?, account: String?) throws
        -> [Int: [DeliveryState: Int]]
    /// Events by hour, from `firstHour` on.
    func hourlyEventCounts(from firstHour: Int, provider: Provider?, account: String?) throws -> [Int: Int]
    /// Events received in `window`, of one kind when given.
    func eventCount(in window: SummaryWindow, provider: Provider?, account: String?, kind: EventKind?) throws -> Int
}

extension SummaryReading {
    func stats(since: Double, until: Double?, provider: Provider?, account: String?) throws -> OutboxStats {
        let window = SummaryWindow(start: since, end: until)
        var byState = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
        for (state, count) in try stateCounts(in: window, provider: provider, account: account) {
            byState[state] = count
        }
        let (accept, confirm) = try latencies(in: window, provider: provider, account: account)
        return OutboxStats(total: byState.values.reduce(0, +), byState: byState,
                           acceptLatency: accept.latency, confirmLatency: confirm.latency)
    }

    /// `by_day` (or the charts' hours): the whole hours of every window from one read of the
    /// summary, the parts of an hour at a window's edges (its start; midnights off the hour) from
    /// the rows. The last window has no end, like the stats' window: a message created at this
    /// very instant (or stamped a little ahead of it) still counts.
    func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) throws -> DailyCounts {
        guard let first = days.first else { return DailyCounts(days: []) }
        let hours = try hourlyStateCounts(from: SummaryWindow.hour(of: first.start), provider: provider, account: account)
        var counted = days
        for index in counted.indices {
            let day = counted[index]
            let window = SummaryWindow(start: day.start, end: index == counted.count - 1 ? nil : day.end)
            let edges = try stateCounts(in: SummaryWindow(edgesOf: window), provider: provider, account: account)
            counted[index].byState = window.sum(hours).merging(edges, uniquingKeysWith: +)
        }
        return DailyCounts(days: counted)
    }

    /// Events in each window `starts[i]..<starts[i + 1]`, the last one open-ended.
    func eventCounts(starts: [Double], provider: Provider?, account: String?) throws -> [Int] {
        guard let first = starts.first else { return [] }
        let hours = try hourlyEventCounts(from: SummaryWindow.hour(of: first), provider: provider, account: account)
        return try starts.indices.map { index in
            let window = SummaryWindow(start: starts[index], end: index == starts.count - 1 ? nil : starts[index + 1])
            return window.sum(hours)
                + (try eventCount(in: SummaryWindow(edgesOf: window), provider: provider, account: account, kind: nil))
        }
    }

    /// How many messages match `filter`, which names no conversation.
    func messageTotal(_ filter: MessageFilter) throws -> Int {
        let counts = try stateCounts(in: SummaryWindow(start: filter.since ?? 0, end: filter.until),
                                     provider: filter.provider, account: filter.account)
        return filter.state.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
    }

    /// How many events match `filter`, which names no conversation nor text.
    func eventTotal(_ filter: EventFilter) throws -> Int {
        try eventCount(in: SummaryWindow(start: filter.since ?? 0, end: filter.until), provider: filter.provider,
                       account: filter.account, kind: filter.kind)
    }
}
