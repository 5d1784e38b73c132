/// Why `SQLiteStore.open` could not get as far as SQLite.
public enum SQLiteStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database's folder is missing and could not be created.
    case cannotCreateFolder(String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let directory): "cannot create folder \(directory)"
        }
    }
}
