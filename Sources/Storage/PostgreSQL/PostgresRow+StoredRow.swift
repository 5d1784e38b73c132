import PostgreSQL

// PostgreSQL's rows (every column as text) as the engine-neutral `StoredRow`.
extension PostgresRow: StoredRow {}
