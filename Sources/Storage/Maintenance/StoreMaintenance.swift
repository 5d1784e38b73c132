import Platform

/// What an operator does to the store as a whole, beside (or instead of) a running `serve`:
/// claim it for one instance, copy it, put a copy back. Each engine implements it in its own
/// folder; the commands speak only this protocol.
public protocol StoreMaintenance: Sendable {
    /// Claims the store for this process until the lock is released or the process ends. Throws
    /// `.inUse` when another instance has it.
    func claim() throws(MaintenanceError) -> FileLock
    /// A consistent copy of the store at `target` (a new file), taken while `serve` may be
    /// writing, and checked before this returns.
    func backup(to target: String) throws(MaintenanceError) -> BackupReport
    /// Replaces the store with the checked copy at `source`, keeping the replaced one. Refuses
    /// while an instance holds the store.
    func restore(from source: String) throws(MaintenanceError) -> RestoreReport
}

/// A database file that passed the checks: what it holds, for the operator's one line.
public struct DatabaseSummary: Sendable, Hashable {
    public var schemaVersion: Int
    public var events: Int
    public var messages: Int
    public var bytes: Int

    public var description: String {
        "\(events) events, \(messages) messages, schema version \(schemaVersion), \(bytes) bytes"
    }
}

/// What `backup` wrote.
public struct BackupReport: Sendable, Hashable {
    public var target: String
    public var summary: DatabaseSummary
    /// Seconds from the start of the copy to the checked file in place.
    public var seconds: Double
}

/// What `restore` did.
public struct RestoreReport: Sendable, Hashable {
    public var database: String
    public var summary: DatabaseSummary
    /// Where the replaced database went; nil when there was none.
    public var keptAs: String?
}
