import CSQLite
import SQLite

/// The trigram index of the events' text (docs/storage.md, "Searching event text"): an FTS5
/// table with the `trigram` tokenizer (SQLite 3.34 and later, built with FTS5), kept by triggers.
/// It is no migration: the same database may be opened by a SQLite that has FTS5 and by one
/// that has not. Each start makes it when it can (indexing the events already there) and drops
/// its triggers when it cannot, so that writing events never depends on it; an index left without
/// triggers is rebuilt when a start can keep it again.
///
/// The index is contentless: it stores each text with `sentinel` after it, so that every
/// substring of one or two characters, even at the end of a text, starts one of its trigrams —
/// which is how a two-character search finds its rows (`EventTextIndex.terms`).
enum EventTextIndex {
    static let table = "events_text"
    /// Marks the end of a text in the index (U+0001: never typed into a search).
    static let sentinel = "char(1)"
    /// The FTS5 tables and their shadow tables: derived data, not copied by `wxhook migrate`.
    static func isIndexTable(_ name: String) -> Bool { name == table || name.hasPrefix(table + "_") }

    /// Whether this SQLite can keep the index, and if not why not.
    static func availability(db: Connection) -> (available: Bool, reason: String) {
        let version = String(cString: sqlite3_libversion())
        guard sqlite3_libversion_number() >= 3_034_000 else {
            return (false, "SQLite \(version) is older than 3.34, which brought the trigram tokenizer")
        }
        guard sqlite3_compileoption_used("ENABLE_FTS5") == 1 else {
            return (false, "SQLite \(version) is built without FTS5")
        }
        do {
            try db.execute("CREATE VIRTUAL TABLE temp.wxhook_trigram_probe USING fts5(x, tokenize = 'trigram')")
            try db.execute("DROP TABLE temp.wxhook_trigram_probe")
        } catch {
            return (false, "SQLite \(version) has no trigram tokenizer")
        }
        return (true, "SQLite \(version)")
    }

    private static let triggers = """
        CREATE TRIGGER events_text_insert AFTER INSERT ON events WHEN new.text IS NOT NULL BEGIN
            INSERT INTO events_text (rowid, text) VALUES (new.seq, new.text || \(sentinel));
        END;
        CREATE TRIGGER events_text_delete AFTER DELETE ON events WHEN old.text IS NOT NULL BEGIN
            INSERT INTO events_text (events_text, rowid, text) VALUES ('delete', old.seq, old.text || \(sentinel));
        END;
        """

    /// Makes or drops what the index needs, as this SQLite allows, on a writable connection
    /// outside any transaction. Returns how searches will be answered.
    static func prepare(db: Connection) throws -> TextSearch {
        let (available, reason) = availability(db: db)
        let hasTable = try exists("table", table, db: db)
        let hasTriggers = try exists("trigger", "events_text_insert", db: db)
        guard available else {
            if hasTriggers {
                try db.execute("DROP TRIGGER IF EXISTS events_text_insert; DROP TRIGGER IF EXISTS events_text_delete")
            }
            return TextSearch(indexed: false, description: "\(reason): q reads every event's text (no trigram index)")
        }
        if !hasTable || !hasTriggers {
            try db.transaction(.immediate) {
                if hasTable { try db.execute("DROP TABLE IF EXISTS \(table)_terms; DROP TABLE \(table)") }
                try db.execute("""
                    CREATE VIRTUAL TABLE \(table) USING fts5(text, content = '', tokenize = 'trigram');
                    CREATE VIRTUAL TABLE \(table)_terms USING fts5vocab(\(table), 'row');
                    INSERT INTO \(table) (rowid, text) SELECT seq, text || \(sentinel) FROM events WHERE text IS NOT NULL;
                    \(triggers)
                    """)
            }
        }
        return TextSearch(indexed: true, description: "\(reason), FTS5 trigram index: q of two characters or more "
                          + "is looked up; one character reads every event's text")
    }

    private static func exists(_ type: String, _ name: String, db: Connection) throws -> Bool {
        try db.queryOne("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", [.text(type), .text(name)]) != nil
    }

    /// The most index terms a two-character search is expanded to before it reads the rows instead.
    static let mostTerms = 400

    /// The FTS5 query that finds every event whose text may contain `text`, or nil when the index
    /// cannot tell (one character; two whose folding only SQLite knows; too common a pair).
    static func query(for text: String, db: Connection) throws -> String? {
        let length = text.unicodeScalars.count
        if length >= 3 { return EventFilter.phrase(text) }
        guard length == 2, let prefix = EventFilter.foldedForIndex(text) else { return nil }
        // Every trigram that starts with the two characters: each place they stand is one.
        let terms = try db.query("SELECT term FROM \(table)_terms WHERE term >= ? AND term < ? LIMIT ?",
                                 [.text(prefix), .text(prefix + "\u{10FFFF}"), .integer(Int64(mostTerms + 1))])
            .compactMap { $0.string(0) }
        guard terms.count <= mostTerms else { return nil }
        // No term: nothing holds them; a query that matches nothing says so.
        guard !terms.isEmpty else { return EventFilter.phrase(prefix + "\u{1}\u{1}") }
        return terms.map(EventFilter.phrase).joined(separator: " OR ")
    }
}
