import Platform
import SQLite

/// Backup, restore and the one-instance lock for the SQLite file.
///
/// A backup is `VACUUM INTO` on a read-only connection: one read transaction, so the copy is the
/// database as of one commit however much `serve` writes meanwhile (WAL lets both go on), and
/// compact. It is written under a temporary name beside the target, checked, flushed, and only
/// then linked to the target's name, so a target that exists is a complete, checked backup.
public struct SQLiteMaintenance: StoreMaintenance {
    public let databasePath: String

    public init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// The file `serve` and `restore` lock: beside the database, holding the holder's pid.
    var lockPath: String { databasePath + ".lock" }
    /// Where `restore` moves the replaced database (SQLite finds its `-wal` by that name + `-wal`).
    var keptPath: String { databasePath + ".before-restore" }

    /// Creates the database's folder when missing, as opening the store would.
    public func claim() throws(MaintenanceError) -> FileLock {
        do throws(SQLiteStoreError) {
            try SQLiteStore.createFolder(of: databasePath)
        } catch {
            throw .failed(step: "lock \(lockPath)", reason: error.description)
        }
        do throws(FileLockError) {
            return try FileLock.acquire(lockPath)
        } catch {
            switch error {
            case .held(_, let pid): throw .inUse(database: databasePath, pid: pid)
            case .failed(let failure): throw .failed(step: "lock \(lockPath)", reason: "\(failure)")
            }
        }
    }

    public func backup(to target: String) throws(MaintenanceError) -> BackupReport {
        let started = MonotonicClock.now()
        guard !FileSystem.exists(target) else { throw .targetExists(target) }
        let folder = Self.folder(of: target)
        guard FileSystem.isDirectory(folder) else { throw .folderMissing(folder) }
        guard FileSystem.exists(databasePath) else { throw .databaseMissing(databasePath) }
        let partial = Self.temporaryName(beside: target)
        defer { try? FileSystem.remove(partial) }
        try Self.copy(databasePath, to: partial)
        let summary = try Self.check(partial, showing: target)
        do throws(SystemError) {
            try FileSystem.sync(partial)
            try FileSystem.moveWithoutReplacing(partial, to: target)
            try FileSystem.sync(folder)
        } catch {
            throw error.alreadyExists ? .targetExists(target) : .failed(step: "move the backup into place", reason: "\(error)")
        }
        return BackupReport(target: target, summary: summary, seconds: Double(MonotonicClock.now() - started) / 1e9)
    }

    public func restore(from source: String) throws(MaintenanceError) -> RestoreReport {
        guard FileSystem.exists(source) else { throw .databaseMissing(source) }
        _ = try Self.check(source, showing: source)
        let lock = try claim()
        let folder = Self.folder(of: databasePath)
        defer { lock.release() }
        if FileSystem.exists(keptPath) {
            throw .failed(step: "keep the current database",
                          reason: "\(keptPath) exists from an earlier restore; move it away first")
        }
        // The copy is made and checked before anything is moved: a failure leaves all as it was.
        let incoming = Self.temporaryName(beside: databasePath)
        defer { try? FileSystem.remove(incoming) }
        try Self.copy(source, to: incoming)
        let summary = try Self.check(incoming, showing: source)
        let keptAs: String?
        do throws(SystemError) {
            try FileSystem.sync(incoming)
            keptAs = try moveAside()
            try FileSystem.moveWithoutReplacing(incoming, to: databasePath)
            try FileSystem.sync(folder)
        } catch {
            throw .failed(step: "put the restored database in place", reason: "\(error)")
        }
        return RestoreReport(database: databasePath, summary: summary, keptAs: keptAs)
    }
}

extension SQLiteMaintenance {
    /// Moves the current database (and the WAL that may still hold committed writes) to
    /// `keptPath`, under the names SQLite pairs them by; the shared-memory index is rebuilt from
    /// the WAL on open. Returns where it went, or nil when there was no database.
    private func moveAside() throws(SystemError) -> String? {
        guard FileSystem.exists(databasePath) else { return nil }
        try FileSystem.moveWithoutReplacing(databasePath, to: keptPath)
        if FileSystem.exists(databasePath + "-wal") {
            try FileSystem.moveWithoutReplacing(databasePath + "-wal", to: keptPath + "-wal")
        }
        try FileSystem.remove(databasePath + "-shm")
        return keptPath
    }

    /// `VACUUM INTO` from a read-only connection: a snapshot of one commit, never a write to `source`.
    static func copy(_ source: String, to destination: String) throws(MaintenanceError) {
        do {
            let connection = try Connection(path: source, readOnly: true)
            _ = try inspectSchema(connection, path: source)
            try connection.run("VACUUM INTO ?", [.text(destination)])
        } catch let error as MaintenanceError {
            throw error
        } catch {
            throw opening(source, error)
        }
    }

    /// Opens `path` read-only and checks that it is a wxhook database this binary can read and that
    /// `PRAGMA integrity_check` passes; `name` is what messages call it.
    static func check(_ path: String, showing name: String) throws(MaintenanceError) -> DatabaseSummary {
        do {
            let connection = try Connection(path: path, readOnly: true)
            let version = try inspectSchema(connection, path: name)
            let problems = try connection.query("PRAGMA integrity_check(5)").compactMap { $0.string(0) }
            guard problems == ["ok"] else {
                throw MaintenanceError.integrity(path: name, problem: problems.first ?? "no answer")
            }
            let events = try connection.queryOne("SELECT count(*) FROM events")?.int(0) ?? 0
            let messages = try connection.queryOne("SELECT count(*) FROM messages")?.int(0) ?? 0
            let bytes = (try? FileSystem.size(path)) ?? 0
            return DatabaseSummary(schemaVersion: version, events: events, messages: messages, bytes: bytes)
        } catch let error as MaintenanceError {
            throw error
        } catch {
            throw opening(name, error)
        }
    }

    /// The schema version, after checking that the file is wxhook's and not newer than this binary.
    private static func inspectSchema(_ connection: Connection, path: String) throws -> Int {
        let version = try connection.userVersion()
        let newest = Schema.migrations.last?.version ?? 0
        let tables = Set(try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0.string(0) })
        guard version > 0, tables.isSuperset(of: ["events", "messages"]) else {
            throw MaintenanceError.notWxhookDatabase(path: path, reason: "it has no wxhook schema")
        }
        guard version <= newest else {
            throw MaintenanceError.schemaTooNew(path: path, version: version, newestKnown: newest)
        }
        return version
    }

    /// A SQLite error while reading `path`, in an operator's words.
    private static func opening(_ path: String, _ error: any Error) -> MaintenanceError {
        guard let failure = (error as? SQLiteError) ?? Self.reason(error) else {
            return .failed(step: "read \(path)", reason: "\(error)")
        }
        if failure.isNotADatabase {
            return .notWxhookDatabase(path: path, reason: "it is not a SQLite database")
        }
        if failure.isCorrupt {
            return .integrity(path: path, problem: failure.message)
        }
        return .failed(step: "read \(path)", reason: failure.message)
    }

    private static func reason(_ error: any Error) -> SQLiteError? {
        if case .cannotOpen(_, let reason)? = error as? DatabaseError { return reason }
        return nil
    }

    /// The folder of `path` (`.` for a bare file name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A name in the same folder as `path` (so the final move is a rename on one file system)
    /// that no other run uses.
    static func temporaryName(beside path: String) -> String {
        "\(path).partial-\(CurrentProcess.id)"
    }
}
