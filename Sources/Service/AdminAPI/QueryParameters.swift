import HTTP

/// Typed reads of an admin request's query. An empty value (`?state=`) means "not given", as a
/// form with an untouched field sends it; a value that is there but unreadable is a `400` naming
/// the parameter.
struct QueryParameters {
    /// `limit` when none is given, and the most a list answers with.
    static let defaultLimit = 50
    static let maxLimit = 500

    let request: HTTPRequest

    init(_ request: HTTPRequest) {
        self.request = request
    }

    func string(_ name: String) -> String? {
        guard let value = request.queryParameter(name), !value.isEmpty else { return nil }
        return value
    }

    /// A value a list is filtered by (`q`, `account`, `conversation`, …). Filters match the value
    /// literally, byte for byte; the one byte no engine can match literally is NUL (SQLite's LIKE
    /// ends a pattern there, PostgreSQL text cannot hold it), so a value holding one is a `400`
    /// rather than a search for what comes before it.
    func filterValue(_ name: String) throws(AdminError) -> String? {
        guard let value = string(name) else { return nil }
        guard !value.utf8.contains(0) else {
            throw .badRequest("\(name) must not contain a NUL byte (%00): it cannot be matched literally")
        }
        return value
    }

    /// A whole number ≥ 0.
    func count(_ name: String) throws(AdminError) -> Int? {
        guard let text = string(name) else { return nil }
        guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) else {
            throw .badRequest("\(name) must be a whole number ≥ 0")
        }
        return value
    }

    /// `limit` (default 50, above 500 read as 500) and `offset` (default 0).
    func page() throws(AdminError) -> (limit: Int, offset: Int) {
        let limit = try count("limit") ?? Self.defaultLimit
        return (min(limit, Self.maxLimit), try count("offset") ?? 0)
    }

    /// The latest time a filter may name, 9999-12-31T23:59:59Z (and its negative the earliest):
    /// a time far outside it names no row, and the stores turn times into whole hours and days,
    /// which a number like `1e300` would overflow.
    static let timeLimit = 253_402_300_799.0

    /// Unix seconds, fractions allowed (`1763700000.25`), within ±`timeLimit`.
    func time(_ name: String) throws(AdminError) -> Double? {
        guard let text = string(name) else { return nil }
        let allowed = text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
        guard allowed, let value = Double(text), value.isFinite else {
            throw .badRequest("\(name) must be Unix seconds (a number, fractions allowed)")
        }
        guard abs(value) <= Self.timeLimit else {
            throw .badRequest("\(name) must be Unix seconds between -253402300799 and 253402300799 (year 9999)")
        }
        return value
    }

    /// `since` (inclusive) and `until` (exclusive).
    func window() throws(AdminError) -> (since: Double?, until: Double?) {
        (try time("since"), try time("until"))
    }

    /// One of a fixed set of names (a state, a provider, an event kind).
    func choice<Value: RawRepresentable<String> & CaseIterable>(
        _ name: String, _ type: Value.Type
    ) throws(AdminError) -> Value? {
        guard let text = string(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("unknown \(name)\(Echo.quoted(text)) (known: \(known))")
        }
        return value
    }
}
