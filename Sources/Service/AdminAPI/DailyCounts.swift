import Core
import Delivery
import Foundation
import JSON
import SQLite

/// `by_day` of `GET /api/stats`: the window cut at midnights of the service's time zone (the
/// `timezone` setting), so an operator sees their own days. The first day starts at the window's
/// start, the last one ends now (and counts what is stamped later). Counted with one indexed range
/// query per day, in one snapshot.
struct DailyCounts: Sendable, Hashable {
    struct Day: Sendable, Hashable {
        /// `YYYY-MM-DD` in the time zone.
        var date: String
        var start: Double
        var end: Double
        var byState: [DeliveryState: Int] = [:]

        func count(_ state: DeliveryState) -> Int { byState[state] ?? 0 }
        var total: Int { byState.values.reduce(0, +) }

        var json: JSONValue {
            .object(JSONObject([
                ("date", .string(date)),
                ("total", JSONValue(total)),
                ("delivered", JSONValue(count(.delivered) + count(.sent))),
                ("failed", JSONValue(count(.failed) + count(.expired))),
            ]))
        }
    }

    var days: [Day]

    var json: JSONValue { .array(days.map(\.json)) }

    /// The calendar days from the one holding `since` to the one holding `until`, clipped to both.
    static func days(since: Double, until: Double, timeZone: TimeZone) -> [Day] {
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

    /// Counts the messages created in each day, by state, of one provider and account when given.
    static func read(
        days: [Day], provider: Provider?, account: String?, reader: DatabaseReader
    ) async throws -> DailyCounts {
        var filter = ""
        var filterArguments: [SQLValue] = []
        if let provider {
            filter += " AND provider = ?"
            filterArguments.append(.text(provider.rawValue))
        }
        if let account {
            filter += " AND account = ?"
            filterArguments.append(.text(account))
        }
        // The last day has no upper bound, like the stats' window: a message created at this very
        // instant (or stamped a little ahead of it) still counts.
        let bounded =
            "SELECT state, count(*) FROM messages WHERE created_at >= ? AND created_at < ?\(filter) GROUP BY state"
        let open = "SELECT state, count(*) FROM messages WHERE created_at >= ?\(filter) GROUP BY state"
        let arguments = filterArguments
        return try await reader.read { db in
            try db.transaction(.deferred) {
                var counted = days
                for index in counted.indices {
                    let day = counted[index]
                    let isLast = index == counted.count - 1
                    let range: [SQLValue] = isLast ? [.real(day.start)] : [.real(day.start), .real(day.end)]
                    try db.forEach(isLast ? open : bounded, range + arguments) { row in
                        guard let state = row.string(0).flatMap(DeliveryState.init(rawValue:)) else { return }
                        counted[index].byState[state] = row.int(1) ?? 0
                    }
                }
                return DailyCounts(days: counted)
            }
        }
    }
}
