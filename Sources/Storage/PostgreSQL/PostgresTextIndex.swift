import PostgreSQL

/// The trigram index of the events' text on PostgreSQL (docs/storage.md, "Searching event text"):
/// a GIN index with `pg_trgm`'s operator class, which answers `ILIKE '%…%'` for three characters or
/// more. `pg_trgm` ships with PostgreSQL's contrib modules and is a trusted extension (the
/// database's owner may create it); where it cannot be created the index is left out and a
/// search reads every event's text. It is no migration, so a later start makes it once it can.
enum PostgresTextIndex {
    static let name = "events_text_trigrams"

    /// Creates the extension and the index when missing and possible; says how `q` is answered.
    static func prepare(url: PostgresURL) throws -> TextSearch {
        let db = try PostgresConnection.connect(url)
        defer { db.close() }
        let indexed = "PostgreSQL pg_trgm GIN index: q of three characters or more is looked up; "
            + "one or two read every event's text"
        if try exists(db) { return TextSearch(indexed: true, description: indexed) }
        do throws(PostgresError) {
            try db.execute(script: """
                SET client_min_messages = warning;
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX IF NOT EXISTS \(name) ON events USING gin (text gin_trgm_ops);
                """)
        } catch {
            // 23505 / 42P07 / 42710: another instance made it at the same moment.
            guard case .server(let state, _, _) = error, ["23505", "42P07", "42710"].contains(state),
                  try exists(db) else {
                return TextSearch(indexed: false,
                                  description: "no pg_trgm here (\(error.description)): q reads every event's text")
            }
        }
        return TextSearch(indexed: true, description: indexed)
    }

    private static func exists(_ db: PostgresConnection) throws -> Bool {
        try db.query("SELECT to_regclass($1) IS NOT NULL", [.text(name)]).first?.bool(0) == true
    }
}
