/// `retention` as cutoffs: how long each kind of row is kept, in days (0: forever).
public struct RetentionPolicy: Sendable, Hashable {
    public var days: [RetainedRows: Int]
    /// `dedupe_window_s`: an event younger than this still answers for its redeliveries, so it is
    /// kept however short the retention.
    public var dedupeWindow: Double

    public init(eventsDays: Int, messagesDays: Int, forwardsDays: Int, dedupeWindow: Double) {
        days = [.events: eventsDays, .messages: messagesDays, .forwards: forwardsDays]
        self.dedupeWindow = dedupeWindow
    }

    /// Rows of `rows` written before this are old enough to go at `now`; nil: kept forever.
    public func cutoff(for rows: RetainedRows, now: Double) -> Double? {
        guard let days = days[rows], days > 0 else { return nil }
        let age = Double(days) * 86_400
        return now - (rows == .events ? max(age, dedupeWindow) : age)
    }

    /// Whether anything is ever pruned.
    public var prunes: Bool { days.values.contains { $0 > 0 } }
}
