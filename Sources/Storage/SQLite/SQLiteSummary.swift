import Core
import Delivery
import SQLite

/// Reading the summary tables (`Schema+AdminReads.swift`) over a window on one SQLite connection:
/// its whole hours from the summaries, the parts of an hour at its edges from the rows, through the
/// time indexes.
struct SQLiteSummary: SummaryReading {
    let db: Connection

    /// The terms that pick a window's whole hours, and one provider and account when given.
    private static func hourTerms(_ window: SummaryWindow, provider: Provider?, account: String?)
        -> (String, [SQLValue]) {
        var terms = ["hour >= ?"]
        var arguments: [SQLValue] = [.integer(Int64(window.firstHour))]
        if let end = window.endHour {
            terms.append("hour < ?")
            arguments.append(.integer(Int64(end)))
        }
        return Self.withOwner(terms, arguments, provider: provider, account: account)
    }

    /// The terms that pick the rows of one edge of a window by `column`, a time.
    private static func edgeTerms(_ edge: SummaryWindow.Edge, column: String, provider: Provider?, account: String?)
        -> (String, [SQLValue]) {
        let range = edge.range
        return Self.withOwner(["\(column) >= ?", "\(column) < ?", "\(Schema.hour(column)) = ?"],
                              [.real(range.lower), .real(range.upper), .integer(Int64(edge.hour))],
                              provider: provider, account: account)
    }

    private static func withOwner(_ terms: [String], _ arguments: [SQLValue], provider: Provider?, account: String?)
        -> (String, [SQLValue]) {
        var terms = terms
        var arguments = arguments
        if let provider {
            terms.append("provider = ?")
            arguments.append(.text(provider.rawValue))
        }
        if let account {
            terms.append("account = ?")
            arguments.append(.text(account))
        }
        return (" WHERE " + terms.joined(separator: " AND "), arguments)
    }

    /// Messages created in `window` by state (states without one absent).
    func stateCounts(in window: SummaryWindow, provider: Provider?, account: String?) throws
        -> [DeliveryState: Int] {
        var counts: [DeliveryState: Int] = [:]
        func add(_ row: Row) {
            guard let state = row.string(0).flatMap(DeliveryState.init(rawValue:)) else { return }
            counts[state, default: 0] += row.int(1) ?? 0
        }
        if !window.hasNoHours {
            let (terms, arguments) = Self.hourTerms(window, provider: provider, account: account)
            try db.forEach("SELECT state, sum(count) FROM message_summary\(terms) GROUP BY state", arguments, add)
        }
        for edge in window.edges {
            let (terms, arguments) = Self.edgeTerms(edge, column: "created_at", provider: provider, account: account)
            try db.forEach("SELECT state, count(*) FROM messages\(terms) GROUP BY state", arguments, add)
        }
        return counts
    }

    /// The accept and confirm latencies of the messages created in `window`, by bin.
    func latencies(in window: SummaryWindow, provider: Provider?, account: String?) throws
        -> (accept: LatencyHistogram, confirm: LatencyHistogram) {
        var accept = LatencyHistogram(), confirm = LatencyHistogram()
        if !window.hasNoHours {
            let (terms, arguments) = Self.hourTerms(window, provider: provider, account: account)
            try db.forEach("SELECT measure, bin, sum(count) FROM message_latency\(terms) GROUP BY measure, bin",
                           arguments) { row in
                guard let bin = row.int(1), let count = row.int(2) else { return }
                if row.string(0) == "accept" { accept.add(bin: bin, count: count) } else { confirm.add(bin: bin, count: count) }
            }
        }
        for edge in window.edges {
            let (terms, arguments) = Self.edgeTerms(edge, column: "created_at", provider: provider, account: account)
            let acceptBin = Schema.bin("(accepted_at - first_started_at) * 1000.0")
            try db.forEach("""
                SELECT \(acceptBin), count(*) FROM messages\(terms)
                AND accepted_at IS NOT NULL AND first_started_at IS NOT NULL GROUP BY 1
                """, arguments) { row in accept.add(bin: row.int(0) ?? 0, count: row.int(1) ?? 0) }
            let confirmBin = Schema.bin("(delivered_at - accepted_at) * 1000.0")
            try db.forEach("""
                SELECT \(confirmBin), count(*) FROM messages\(terms)
                AND delivered_at IS NOT NULL AND accepted_at IS NOT NULL GROUP BY 1
                """, arguments) { row in confirm.add(bin: row.int(0) ?? 0, count: row.int(1) ?? 0) }
        }
        return (accept, confirm)
    }

    /// Messages by hour and state, from `firstHour` on: the whole hours of `by_day`.
    func hourlyStateCounts(from firstHour: Int, provider: Provider?, account: String?) throws
        -> [Int: [DeliveryState: Int]] {
        let (terms, arguments) = Self.hourTerms(SummaryWindow(start: Double(firstHour) * SummaryWindow.hourSeconds, end: nil),
                                           provider: provider, account: account)
        var hours: [Int: [DeliveryState: Int]] = [:]
        try db.forEach("SELECT hour, state, sum(count) FROM message_summary\(terms) GROUP BY hour, state",
                       arguments) { row in
            guard let hour = row.int(0), let state = row.string(1).flatMap(DeliveryState.init(rawValue:)) else { return }
            hours[hour, default: [:]][state, default: 0] += row.int(2) ?? 0
        }
        return hours
    }

    /// Events by hour, from `firstHour` on: the whole hours of the charts' windows.
    func hourlyEventCounts(from firstHour: Int, provider: Provider?, account: String?) throws
        -> [Int: Int] {
        let (terms, arguments) = Self.hourTerms(SummaryWindow(start: Double(firstHour) * SummaryWindow.hourSeconds, end: nil),
                                           provider: provider, account: account)
        var hours: [Int: Int] = [:]
        try db.forEach("SELECT hour, sum(count) FROM event_summary\(terms) GROUP BY hour", arguments) { row in
            if let hour = row.int(0) { hours[hour] = row.int(1) ?? 0 }
        }
        return hours
    }

    /// Events received in `window`, of one provider, account and kind when given.
    func eventCount(in window: SummaryWindow, provider: Provider?, account: String?, kind: EventKind?) throws -> Int {
        var total = 0
        let kindTerm = kind == nil ? "" : " AND kind = ?"
        let kindArgument: [SQLValue] = kind.map { [.text($0.rawValue)] } ?? []
        if !window.hasNoHours {
            let (terms, arguments) = Self.hourTerms(window, provider: provider, account: account)
            total += try db.queryOne("SELECT sum(count) FROM event_summary\(terms)\(kindTerm)",
                                     arguments + kindArgument)?.int(0) ?? 0
        }
        for edge in window.edges {
            let (terms, arguments) = Self.edgeTerms(edge, column: "received_at", provider: provider, account: account)
            total += try db.queryOne("SELECT count(*) FROM events\(terms)\(kindTerm)", arguments + kindArgument)?.int(0) ?? 0
        }
        return total
    }
}
