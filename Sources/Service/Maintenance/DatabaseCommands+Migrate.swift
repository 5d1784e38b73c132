import Platform
import PostgreSQL
import Storage

extension DatabaseCommands {
    /// `wxhook migrate`: copies the stopped SQLite database at `source` into the empty PostgreSQL
    /// database at `target`, all in one transaction. The lines to print (a count per table, then
    /// what was done), or the one-line reason nothing was written.
    public static func migrate(from source: String, to target: PostgresURL) -> Result<[String], StoreCopyError> {
        Result { () throws(StoreCopyError) in
            let started = MonotonicClock.now()
            let export = try SQLiteExport.open(path: source)
            defer { export.close() }
            let counts = try StoreCopy.copy(from: export, to: try PostgresImport.open(url: target))
            let width = counts.map(\.table.rawValue.count).max() ?? 0
            let lines = counts.map { count in
                let name = count.table.rawValue
                return name + String(repeating: " ", count: width - name.count) + "  \(count.rows)"
            }
            let elapsed = Double(MonotonicClock.now() - started) / 1e9
            return lines + ["migrated \(source) to \(target.description) in one transaction in \(seconds(elapsed)) s"]
        }
    }
}
