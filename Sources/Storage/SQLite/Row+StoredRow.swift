import SQLite

// SQLite's rows as the engine-neutral `StoredRow`.
extension Row: StoredRow {
    func text(_ column: Int) -> String? { string(column) }
}
