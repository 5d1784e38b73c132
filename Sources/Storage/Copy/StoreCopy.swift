/// Reads a store's tables in batches: the source of `wxhook migrate`.
public protocol StoreExport {
    /// Hands `table`'s rows to `body` in batches of at most `batchSize`, in the source's key order.
    func read(_ table: StoreTable, batchSize: Int,
              _ body: (TableRows) throws(StoreCopyError) -> Void) throws(StoreCopyError)
}

/// Writes copied rows into an empty store, all in one transaction that `commit` ends: the target
/// of `wxhook migrate`. Until then nothing is visible, and `rollback` leaves the target empty.
public protocol StoreImport {
    func write(_ rows: TableRows) throws(StoreCopyError)
    /// Makes what was written fit to serve (counters and identities past the copied rows), then
    /// commits.
    func commit() throws(StoreCopyError)
    func rollback()
}

/// Copies every `copied` table of `StoreTable` from a source to a target.
public enum StoreCopy {
    /// How many rows each copied table had, in `StoreTable` order.
    public struct TableCount: Sendable, Hashable {
        public var table: StoreTable
        public var rows: Int
    }

    static let batchSize = 500

    /// Copies, then commits; on any failure rolls the target back and rethrows.
    public static func copy(from source: some StoreExport, to target: some StoreImport)
        throws(StoreCopyError) -> [TableCount] {
        var counts: [TableCount] = []
        do throws(StoreCopyError) {
            for table in StoreTable.allCases where table.handling == .copied {
                var rows = 0
                try source.read(table, batchSize: batchSize) { (batch: TableRows) throws(StoreCopyError) in
                    try target.write(batch)
                    rows += batch.rows.count
                }
                counts.append(TableCount(table: table, rows: rows))
            }
            try target.commit()
        } catch {
            target.rollback()
            throw error
        }
        return counts
    }
}
