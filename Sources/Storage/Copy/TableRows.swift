/// One value of a copied row, as the source engine stored it. The target converts it to the
/// column's own type (an integer 0/1 becomes a boolean where the target has one).
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}

/// A batch of one table's rows, each with a value per column in `columns`' order.
public struct TableRows: Sendable, Hashable {
    public var table: StoreTable
    public var columns: [String]
    public var rows: [[StoreValue]]

    public init(table: StoreTable, columns: [String], rows: [[StoreValue]]) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }
}
