import Core
import HTTP
import JSON
import Storage

// `GET /api/stats?days=7&provider=&account=`.
extension AdminAPI {
    static let statsDays = 1...90
    static let defaultStatsDays = 7

    /// The contract's figures over the messages created in the last `days` × 24 hours, plus
    /// `by_day` (that window cut at the midnights of `timeZone`: `date`, `total`, `delivered`,
    /// `failed`) and `time_zone`.
    func stats(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let query = QueryParameters(request)
            let days: Int
            if let text = query.string("days") {
                guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text),
                      Self.statsDays.contains(value)
                else { throw .badRequest("days must be a whole number from 1 to 90") }
                days = value
            } else {
                days = Self.defaultStatsDays
            }
            let provider = try query.choice("provider", Provider.self)
            let account = try query.filterValue("account")
            let now = clock()
            let since = now - Double(days) * 86_400
            do {
                let stats = try await outbox.stats(since: since, until: nil, provider: provider, account: account)
                let daily = try await outbox.dailyCounts(
                    days: DailyCounts.days(since: since, until: now, timeZone: timeZone),
                    provider: provider, account: account)
                var object = stats.json(days: days).objectValue ?? JSONObject()
                object.append("time_zone", .string(timeZone.identifier))
                object.append("by_day", daily.json)
                return Self.json(.ok, .object(object))
            } catch {
                throw .store(error)
            }
        }
    }
}
