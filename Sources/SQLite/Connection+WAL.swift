import CSQLite

/// How a checkpoint treats the other connections (SQLite's `SQLITE_CHECKPOINT_…`). Only
/// `passive` is used while serving: it never waits for a reader or the writer, it copies what
/// it can.
public enum CheckpointMode: Sendable {
    case passive, truncate

    var code: Int32 {
        switch self {
        case .passive: SQLITE_CHECKPOINT_PASSIVE
        case .truncate: SQLITE_CHECKPOINT_TRUNCATE
        }
    }
}

/// What one checkpoint did: the WAL's size in frames, and how many of them are now copied into
/// the database file (all of them: the next write starts the WAL from its beginning again).
public struct CheckpointResult: Sendable, Equatable {
    public var walFrames: Int
    public var copiedFrames: Int
    public var isComplete: Bool { copiedFrames >= walFrames }
}

// The write-ahead log's checkpoints, taken out of the commits (`DatabaseWriter`): the writer's
// connection reports the WAL's size after each commit and never checkpoints on its own.
extension Connection {
    /// Copies WAL frames back into the database file. A `passive` checkpoint that finds another
    /// checkpoint running (SQLite's busy answer) copies nothing and says so with `nil`.
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode) throws -> CheckpointResult? {
        var frames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, mode.code, &frames, &copied)
        if rc == SQLITE_BUSY && mode == .passive { return nil }
        guard rc == SQLITE_OK else {
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: Self.message(handle),
                              sql: "wal_checkpoint")
        }
        return CheckpointResult(walFrames: Int(max(0, frames)), copiedFrames: Int(max(0, copied)))
    }

    /// Stops SQLite's own checkpoint at commit (after 1,000 frames, by default, inside the
    /// COMMIT that crosses the mark) and calls `committed` with the WAL's size in frames after
    /// every commit on this connection instead. The hook lives as long as the connection.
    public func reportWALSize(_ committed: @escaping (Int) -> Void) {
        let hook = WALHook(committed)
        walHook = hook
        sqlite3_wal_hook(handle, { context, _, _, frames in
            Unmanaged<WALHook>.fromOpaque(context!).takeUnretainedValue().committed(Int(frames))
            return SQLITE_OK
        }, Unmanaged.passUnretained(hook).toOpaque())
    }
}

/// The closure `sqlite3_wal_hook` calls, kept alive by the connection it is installed on.
final class WALHook {
    let committed: (Int) -> Void
    init(_ committed: @escaping (Int) -> Void) { self.committed = committed }
}
