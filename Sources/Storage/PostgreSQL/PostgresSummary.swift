import Core
import Delivery
import PostgreSQL

/// Reading the summary tables (`PostgresSchema+AdminReads.swift`) over a window on one
/// connection: its whole hours from the summaries (folded rows and the ones not folded yet alike),
/// the parts of an hour at its edges from the rows, through the time indexes.
struct PostgresSummary: SummaryReading {
    let db: PostgresConnection

    private static func hourTerms(_ window: SummaryWindow, provider: Provider?, account: String?)
        -> PostgresConditions {
        var terms = PostgresConditions()
        terms.add("hour >= ?", .int(Int64(window.firstHour)))
        if let end = window.endHour { terms.add("hour < ?", .int(Int64(end))) }
        return withOwner(terms, provider: provider, account: account)
    }

    private static func edgeTerms(_ edge: SummaryWindow.Edge, column: String, provider: Provider?, account: String?)
        -> PostgresConditions {
        let range = edge.range
        var terms = PostgresConditions()
        terms.add("\(column) >= ?", .double(range.lower))
        terms.add("\(column) < ?", .double(range.upper))
        terms.add("floor(\(column) / 3600)::bigint = ?", .int(Int64(edge.hour)))
        return withOwner(terms, provider: provider, account: account)
    }

    private static func withOwner(_ terms: PostgresConditions, provider: Provider?, account: String?)
        -> PostgresConditions {
        var terms = terms
        if let provider { terms.add("provider = ?", .text(provider.rawValue)) }
        if let account { terms.add("account = ?", .text(account)) }
        return terms
    }

    /// Messages created in `window` by state (states without one absent).
    func stateCounts(in window: SummaryWindow, provider: Provider?, account: String?) throws -> [DeliveryState: Int] {
        var counts: [DeliveryState: Int] = [:]
        func add(_ rows: PostgresRows) {
            for row in rows {
                guard let state = row.text(0).flatMap(DeliveryState.init(rawValue:)) else { continue }
                counts[state, default: 0] += row.int(1) ?? 0
            }
        }
        if !window.hasNoHours {
            let terms = Self.hourTerms(window, provider: provider, account: account)
            add(try db.query("SELECT state, sum(count)::bigint FROM message_summary\(terms.whereClause) GROUP BY state",
                             terms.arguments))
        }
        for edge in window.edges {
            let terms = Self.edgeTerms(edge, column: "created_at", provider: provider, account: account)
            add(try db.query("SELECT state, count(*) FROM messages\(terms.whereClause) GROUP BY state", terms.arguments))
        }
        return counts
    }

    /// The accept and confirm latencies of the messages created in `window`, by bin.
    func latencies(in window: SummaryWindow, provider: Provider?, account: String?) throws
        -> (accept: LatencyHistogram, confirm: LatencyHistogram) {
        var accept = LatencyHistogram(), confirm = LatencyHistogram()
        func add(_ rows: PostgresRows) {
            for row in rows {
                guard let bin = row.int(1), let count = row.int(2) else { continue }
                if row.text(0) == "accept" { accept.add(bin: bin, count: count) } else { confirm.add(bin: bin, count: count) }
            }
        }
        if !window.hasNoHours {
            let terms = Self.hourTerms(window, provider: provider, account: account)
            add(try db.query("""
                SELECT measure, bin, sum(count)::bigint FROM message_latency\(terms.whereClause) GROUP BY measure, bin
                """, terms.arguments))
        }
        for edge in window.edges {
            let terms = Self.edgeTerms(edge, column: "created_at", provider: provider, account: account)
            add(try db.query("""
                SELECT 'accept', wxhook_latency_bin((accepted_at - first_started_at) * 1000.0), count(*)
                FROM messages\(terms.whereClause) AND accepted_at IS NOT NULL AND first_started_at IS NOT NULL
                GROUP BY 2
                UNION ALL
                SELECT 'confirm', wxhook_latency_bin((delivered_at - accepted_at) * 1000.0), count(*)
                FROM messages\(terms.whereClause) AND delivered_at IS NOT NULL AND accepted_at IS NOT NULL
                GROUP BY 2
                """, terms.arguments))
        }
        return (accept, confirm)
    }

    /// Messages by hour and state, from `firstHour` on: the whole hours of `by_day`.
    func hourlyStateCounts(from firstHour: Int, provider: Provider?, account: String?) throws
        -> [Int: [DeliveryState: Int]] {
        let terms = Self.hourTerms(SummaryWindow(start: Double(firstHour) * SummaryWindow.hourSeconds, end: nil),
                              provider: provider, account: account)
        var hours: [Int: [DeliveryState: Int]] = [:]
        for row in try db.query("""
            SELECT hour, state, sum(count)::bigint FROM message_summary\(terms.whereClause) GROUP BY hour, state
            """, terms.arguments) {
            guard let hour = row.int(0), let state = row.text(1).flatMap(DeliveryState.init(rawValue:)) else { continue }
            hours[hour, default: [:]][state, default: 0] += row.int(2) ?? 0
        }
        return hours
    }

    /// Events by hour, from `firstHour` on: the whole hours of the charts' windows.
    func hourlyEventCounts(from firstHour: Int, provider: Provider?, account: String?) throws -> [Int: Int] {
        let terms = Self.hourTerms(SummaryWindow(start: Double(firstHour) * SummaryWindow.hourSeconds, end: nil),
                              provider: provider, account: account)
        var hours: [Int: Int] = [:]
        for row in try db.query("SELECT hour, sum(count)::bigint FROM event_summary\(terms.whereClause) GROUP BY hour",
                                terms.arguments) {
            if let hour = row.int(0) { hours[hour] = row.int(1) ?? 0 }
        }
        return hours
    }

    /// Events received in `window`, of one provider, account and kind when given.
    func eventCount(in window: SummaryWindow, provider: Provider?, account: String?, kind: EventKind?) throws -> Int {
        var total = 0
        if !window.hasNoHours {
            var terms = Self.hourTerms(window, provider: provider, account: account)
            if let kind { terms.add("kind = ?", .text(kind.rawValue)) }
            total += try db.query("SELECT coalesce(sum(count), 0)::bigint FROM event_summary\(terms.whereClause)",
                                  terms.arguments).first?.int(0) ?? 0
        }
        for edge in window.edges {
            var terms = Self.edgeTerms(edge, column: "received_at", provider: provider, account: account)
            if let kind { terms.add("kind = ?", .text(kind.rawValue)) }
            total += try db.query("SELECT count(*) FROM events\(terms.whereClause)", terms.arguments).first?.int(0) ?? 0
        }
        return total
    }
}
