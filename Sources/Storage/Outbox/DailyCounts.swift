import Delivery
import Foundation
import JSON

/// `by_day` of `GET /api/stats`: the window cut at midnights of the service's time zone (the
/// `timezone` setting), so an operator sees their own days. The first day starts at the window's
/// start, the last one ends now (and counts what is stamped later). A store counts them
/// (`OutboxStore.dailyCounts`) in one snapshot.
public struct DailyCounts: Sendable, Hashable {
    public struct Day: Sendable, Hashable {
        /// `YYYY-MM-DD` in the time zone.
        public var date: String
        public var start: Double
        public var end: Double
        public var byState: [DeliveryState: Int] = [:]

        public init(date: String, start: Double, end: Double, byState: [DeliveryState: Int] = [:]) {
            self.date = date
            self.start = start
            self.end = end
            self.byState = byState
        }

        public func count(_ state: DeliveryState) -> Int { byState[state] ?? 0 }
        public var total: Int { byState.values.reduce(0, +) }

        public var json: JSONValue {
            .object(JSONObject([
                ("date", .string(date)),
                ("total", JSONValue(total)),
                ("delivered", JSONValue(count(.delivered) + count(.sent))),
                ("failed", JSONValue(count(.failed) + count(.expired))),
            ]))
        }
    }

    public var days: [Day]

    public init(days: [Day]) {
        self.days = days
    }

    public var json: JSONValue { .array(days.map(\.json)) }

    /// The calendar days from the one holding `since` to the one holding `until`, clipped to both.
    public static func days(since: Double, until: Double, timeZone: TimeZone) -> [Day] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var days: [Day] = []
        var start = since
        // 90 days plus a DST day or two; the bound only guards against a calendar that never advances.
        while start < until, days.count <= 100 {
            let date = Date(timeIntervalSince1970: start)
            let midnight = calendar.startOfDay(for: date)
            let next = calendar.date(byAdding: .day, value: 1, to: midnight)?.timeIntervalSince1970 ?? (start + 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let end = min(max(next, start + 1), until)
            days.append(Day(date: dateText(parts), start: start, end: end))
            start = end
        }
        return days
    }

    private static func dateText(_ parts: DateComponents) -> String {
        func padded(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(parts.year, 4))-\(padded(parts.month, 2))-\(padded(parts.day, 2))"
    }
}
