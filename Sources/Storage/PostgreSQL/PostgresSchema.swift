import PostgreSQL

/// The PostgreSQL schema, one migration per version, kept in `wxhook_schema`. A migration, once
/// released, never changes: new needs get a new version. The versions are this engine's own; they
/// do not follow SQLite's.
enum PostgresSchema {
    struct Migration {
        let version: Int
        let sql: String
    }

    /// Every migration: the events (1), the outbox (2), the forwards and their activity (3), the
    /// accounts' pacing shared by the instances (4), the admin reads' summaries and indexes (5).
    static let migrations: [Migration] = [events, outbox, forwards, pacing, adminReads]
    static var newestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// Brings the database at `url` up to `newestVersion`. The first instance to get here applies
    /// what is missing in one transaction while it holds the `wxhook_schema` row; any other one
    /// waits on that row and then finds nothing left to do. A database from a newer wxhook is
    /// refused, untouched.
    static func migrate(url: PostgresURL) throws {
        let db = try PostgresConnection.connect(url)
        defer { db.close() }
        try createVersionTable(db)
        try db.query("BEGIN")
        do {
            let current = try db.query("SELECT version FROM wxhook_schema WHERE id = 1 FOR UPDATE").first?.int(0) ?? 0
            guard current <= newestVersion else {
                throw PostgresStoreError.schemaTooNew(database: url.description, version: current,
                                                      newestKnown: newestVersion)
            }
            for migration in migrations where migration.version > current {
                try db.execute(script: migration.sql)
            }
            if current < newestVersion {
                try db.query("UPDATE wxhook_schema SET version = $1 WHERE id = 1", [.int(Int64(newestVersion))])
            }
            try db.query("COMMIT")
        } catch {
            _ = try? db.query("ROLLBACK")
            throw error
        }
    }

    /// The one-row table that holds the version and is the migrations' lock. Two instances that
    /// create it at the same moment collide in the catalog; the loser finds it made.
    private static func createVersionTable(_ db: PostgresConnection) throws {
        for attempt in 1...3 {
            do throws(PostgresError) {
                // `client_min_messages`: libpq would print the "already exists, skipping" notice
                // on stderr at every start after the first.
                try db.execute(script: """
                    SET client_min_messages = warning;
                    CREATE TABLE IF NOT EXISTS wxhook_schema (
                        id      integer PRIMARY KEY CHECK (id = 1),
                        version integer NOT NULL
                    );
                    INSERT INTO wxhook_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
                    """)
                return
            } catch {
                // 23505 unique_violation (pg_type), 42P07 duplicate_table: a twin won the race.
                guard case .server(let state, _, _) = error, state == "23505" || state == "42P07", attempt < 3
                else { throw error }
            }
        }
    }
}
