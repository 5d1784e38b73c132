import Core
import Delivery
import Foundation
import SQLite

/// The store in one SQLite file: inbound events, the outbox, timelines, idempotency keys.
///
/// Every write is one job of the single `DatabaseWriter`, which batches concurrent callers into
/// one transaction (group commit) and answers each only after the COMMIT. Work that must commit
/// together — an event and its effect — runs in one job, through the `…(db:)` methods, which
/// take the writer's connection and stay inside this folder. Such a method that throws may leave
/// part of its writes behind: it runs where a throw rolls back (each writer job has its own
/// savepoint). Reads go through the `DatabaseReader`'s connections.
public struct SQLiteStore: Store {
    let writer: DatabaseWriter
    let reader: DatabaseReader
    /// The `delivery` settings every event is applied with.
    let policy: DeliveryPolicy
    /// `dedupe_window_s`: how long an identical body counts as a redelivery.
    let dedupeWindow: Double
    /// Which forwards an event or a message's final state gets; nil: none (no subscriptions).
    let forwarding: (any ForwardPlanner)?
    /// Whether `q` of the events' list has its trigram index (`EventTextIndex`).
    public let textSearch: TextSearch
    /// Keeps that index up with ingest; nil when there is none.
    let textIndexer: EventTextIndexer?

    init(writer: DatabaseWriter, reader: DatabaseReader, policy: DeliveryPolicy, dedupeWindow: Double,
         forwarding: (any ForwardPlanner)?, textSearch: TextSearch) {
        self.writer = writer
        self.reader = reader
        self.policy = policy
        self.dedupeWindow = dedupeWindow
        self.forwarding = forwarding
        self.textSearch = textSearch
        textIndexer = textSearch.indexed ? EventTextIndexer(writer: writer) : nil
    }

    /// Opens (creating it and its folder when missing) and migrates the database at `path`.
    /// Throws `SQLiteStoreError` for the folder, or the `SQLiteError` that refused the file.
    /// `durability` picks the WAL's sync mode: `full` fsyncs the log at every group commit,
    /// `process` (SQLite's `NORMAL`) leaves that to the operating system until a checkpoint.
    public static func open(
        path: String, policy: DeliveryPolicy = DeliveryPolicy(), dedupeWindow: Double,
        forwarding: (any ForwardPlanner)? = nil, durability: Durability = .full
    ) throws -> SQLiteStore {
        try createFolder(of: path)
        let synchronous: Synchronous = switch durability {
        case .full: .full
        case .process: .normal
        }
        // The schema and the text index first, on a connection of their own: the index is made
        // (and filled) outside the migrations, as this SQLite allows (`EventTextIndex`).
        let textSearch: TextSearch
        do {
            let setup = try Connection(path: path, synchronous: synchronous)
            try setup.migrate(Schema.migrations)
            textSearch = try EventTextIndex.prepare(db: setup)
        }
        let writer = try DatabaseWriter(path: path, migrations: Schema.migrations,
                                        options: DatabaseWriter.Options(synchronous: synchronous))
        let reader = try DatabaseReader(path: path)
        return SQLiteStore(writer: writer, reader: reader, policy: policy, dedupeWindow: dedupeWindow,
                           forwarding: forwarding, textSearch: textSearch)
    }

    /// Creates the folder of the database at `path` (and its parents) when missing.
    static func createFolder(of path: String) throws(SQLiteStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStoreError.cannotCreateFolder(directory)
        }
    }

    public func close() async {
        await writer.close()
    }

    public func probe(now: Double) async throws {
        try await writer.write { db in
            try db.run("INSERT OR REPLACE INTO health_probe (id, checked_at) VALUES (1, ?)", [.real(now)])
        }
    }

    /// Loads a message's delivery for a write, or throws `messageNotFound`.
    func delivery(_ id: String, db: Connection) throws -> DeliveryRow {
        guard let row = try DeliveryRow.load(id: id, db: db) else { throw OutboxError.messageNotFound(id) }
        return row
    }

    /// Loads the whole message after a write, or throws `messageNotFound`.
    func message(_ id: String, db: Connection) throws -> OutboxMessage {
        guard let message = try OutboxMessage.load(id: id, db: db) else { throw OutboxError.messageNotFound(id) }
        return message
    }
}
