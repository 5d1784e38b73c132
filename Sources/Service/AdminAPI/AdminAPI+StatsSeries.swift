import Core
import Delivery
import Foundation
import HTTP
import JSON
import Storage

// `GET /api/stats/series?bucket=day|hour&days=7&provider=&account=`: the dashboard's charts.
extension AdminAPI {
    /// Hourly buckets are for short windows: a week is 168 bars, the most a chart can show.
    static let hourlySeriesDays = 1...7

    /// The last `days` × 24 hours cut into hours or days of `timeZone`; per bucket the messages
    /// created in it by state (as they stand now) and the events received in it. Each bucket is
    /// one indexed range count per table, so the cost follows the rows in the window.
    func statsSeries(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let query = QueryParameters(request)
            let hourly: Bool
            switch query.string("bucket") {
            case nil, "day": hourly = false
            case "hour": hourly = true
            default: throw .badRequest("bucket must be hour or day")
            }
            let days = try query.count("days") ?? Self.defaultStatsDays
            guard (hourly ? Self.hourlySeriesDays : Self.statsDays).contains(days) else {
                throw .badRequest(hourly ? "days must be 1 to 7 with bucket=hour" : "days must be a whole number from 1 to 90")
            }
            let provider = try query.choice("provider", Provider.self)
            let account = try query.filterValue("account")
            let now = clock()
            let since = now - Double(days) * 86_400
            let windows = hourly
                ? Self.hours(since: since, until: now, timeZone: timeZone)
                : DailyCounts.days(since: since, until: now, timeZone: timeZone)
            do {
                let messages = try await outbox.dailyCounts(days: windows, provider: provider, account: account)
                let events = try await events.eventCounts(starts: windows.map(\.start), provider: provider, account: account)
                let buckets: [JSONValue] = zip(messages.days, events).map { window, events in
                    let byState = DeliveryState.allCases.map { ($0.rawValue, JSONValue(window.count($0))) }
                    return .object(JSONObject([
                        ("start", .double(window.start)), ("label", .string(window.date)),
                        ("messages", .object(JSONObject(byState))), ("events", JSONValue(events)),
                    ]))
                }
                return Self.json(.ok, .object(JSONObject([
                    ("bucket", .string(hourly ? "hour" : "day")), ("days", JSONValue(days)),
                    ("time_zone", .string(timeZone.identifier)), ("buckets", .array(buckets)),
                ])))
            } catch {
                throw .store(error)
            }
        }
    }

    /// The window cut at the whole hours of `timeZone`, first and last hour clipped to it; each
    /// labelled `YYYY-MM-DD HH:00` (the `date` of a `DailyCounts.Day`, which a store counts alike).
    static func hours(since: Double, until: Double, timeZone: TimeZone) -> [DailyCounts.Day] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var hours: [DailyCounts.Day] = []
        var start = since
        // 7 days of hours plus a DST hour; the bound only guards against a calendar that never advances.
        while start < until, hours.count <= 24 * 7 + 2 {
            let date = Date(timeIntervalSince1970: start)
            let next = calendar.dateInterval(of: .hour, for: date)?.end.timeIntervalSince1970 ?? (start + 3_600)
            let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
            let label = String(format: "%04d-%02d-%02d %02d:00", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0)
            let end = min(max(next, start + 1), until)
            hours.append(DailyCounts.Day(date: label, start: start, end: end))
            start = end
        }
        return hours
    }
}
