import CSQLite
import SQLite

/// The trigram index of the events' text (docs/storage.md, "Searching event text"): an FTS5
/// table with the `trigram` tokenizer (SQLite 3.34 and later, built with FTS5). It is no
/// migration: the same database may be opened by a SQLite that has FTS5 and by one that has not.
/// Each start makes it when it can and drops its trigger when it cannot, so that writing events
/// never depends on it; an index left without its trigger is rebuilt when a start can keep it again.
///
/// The index follows ingest instead of being written with each event: an FTS5 table flushes what
/// it holds at every savepoint, and each writer job has one, so indexing inside the job wrote one
/// index segment per event (the most expensive part of storing one). `EventTextIndexer` adds the
/// events above `indexed_through` (in `progress`) in batches of their own, and each start catches
/// up on all of them. A search reads the index up to `indexed_through` and the rows above it —
/// at most a few hundred while events arrive — so it never misses an event.
///
/// The index is contentless: it stores each text with `sentinel` after it, so that every
/// substring of one or two characters, even at the end of a text, starts one of its trigrams —
/// which is how a two-character search finds its rows (`EventTextIndex.terms`).
enum EventTextIndex {
    static let table = "events_text"
    /// One row: the highest event `seq` whose text is in the index (every lower one is too).
    static let progress = "events_text_progress"
    /// Marks the end of a text in the index (U+0001: never typed into a search).
    static let sentinel = "char(1)"
    /// The FTS5 tables, their shadow tables and the progress row: derived data, not copied by
    /// `wxhook migrate`.
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

    /// Takes a deleted event's text out of the index, when it was in it.
    private static let unindexTrigger = """
        CREATE TRIGGER events_text_unindex AFTER DELETE ON events
            WHEN old.text IS NOT NULL AND old.seq <= (SELECT indexed_through FROM \(progress)) BEGIN
            INSERT INTO events_text (events_text, rowid, text) VALUES ('delete', old.seq, old.text || \(sentinel));
        END;
        """
    /// What earlier versions kept the index with: one insert per stored event, in its job.
    private static let perEventTriggers = ["events_text_insert", "events_text_delete"]

    /// Makes or drops what the index needs, as this SQLite allows, on a writable connection
    /// outside any transaction, and indexes every event not in it yet. Returns how searches will
    /// be answered.
    static func prepare(db: Connection) throws -> TextSearch {
        let (available, reason) = availability(db: db)
        let hasTable = try exists("table", table, db: db)
        let hasProgress = try exists("table", progress, db: db)
        let hasTrigger = try exists("trigger", "events_text_unindex", db: db)
        let perEvent = try perEventTriggers.allSatisfy { try exists("trigger", $0, db: db) }
        guard available else {
            try db.execute((["events_text_unindex"] + perEventTriggers).map { "DROP TRIGGER IF EXISTS \($0);" }.joined())
            return TextSearch(indexed: false, description: "\(reason): q reads every event's text (no trigram index)")
        }
        try db.transaction(.immediate) {
            if hasTable && perEvent && !hasProgress && !hasTrigger {
                // Kept per event until now, so complete: it goes on from the last event.
                try db.execute(perEventTriggers.map { "DROP TRIGGER \($0);" }.joined() + """
                    CREATE TABLE \(progress) (indexed_through INTEGER NOT NULL);
                    INSERT INTO \(progress) SELECT coalesce(max(seq), 0) FROM events;
                    \(unindexTrigger)
                    """)
            } else if !hasTable || !hasProgress || !hasTrigger || perEvent {
                // Missing, or kept by an older version after this one (its deletes may have been
                // taken out twice): made again from the events.
                try db.execute(perEventTriggers.map { "DROP TRIGGER IF EXISTS \($0);" }.joined() + """
                    DROP TRIGGER IF EXISTS events_text_unindex;
                    DROP TABLE IF EXISTS \(table)_terms; DROP TABLE IF EXISTS \(table); DROP TABLE IF EXISTS \(progress);
                    CREATE VIRTUAL TABLE \(table) USING fts5(text, content = '', tokenize = 'trigram');
                    CREATE VIRTUAL TABLE \(table)_terms USING fts5vocab(\(table), 'row');
                    CREATE TABLE \(progress) (indexed_through INTEGER NOT NULL);
                    INSERT INTO \(progress) VALUES (0);
                    \(unindexTrigger)
                    """)
            }
            _ = try catchUp(db: db, most: nil)
        }
        return TextSearch(indexed: true, description: "\(reason), FTS5 trigram index: q of two characters or more "
                          + "is looked up; one character reads every event's text")
    }

    /// The highest event `seq` the index holds the text of (every lower one's too).
    static func indexedThrough(db: Connection) throws -> Int64 {
        try db.queryOne("SELECT indexed_through FROM \(progress)")?.int64(0) ?? 0
    }

    /// Indexes the texts of the next `most` events above `indexed_through` (all of them when nil),
    /// inside the caller's transaction; returns how many events it went past.
    static func catchUp(db: Connection, most: Int?) throws -> Int {
        let from = try indexedThrough(db: db)
        let limit = Int64(most ?? Int.max)
        guard let through = try db.queryOne(
            "SELECT max(seq), count(*) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)",
            [.integer(from), .integer(limit)]), let last = through.int64(0) else { return 0 }
        try db.run("""
            INSERT INTO \(table) (rowid, text)
            SELECT seq, text || \(sentinel) FROM events WHERE seq > ? AND seq <= ? AND text IS NOT NULL
            """, [.integer(from), .integer(last)])
        try db.run("UPDATE \(progress) SET indexed_through = ?", [.integer(last)])
        return through.int(1) ?? 0
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
