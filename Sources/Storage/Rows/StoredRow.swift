/// One row of a query's answer, as either engine hands it over: its columns by position, typed.
/// Each engine's row type conforms in its own folder, so every stored type is read from a row
/// once, here, whichever engine holds it (`OutboxMessage+Row`, `Forward+Row`, `StoredEvent+Row`).
protocol StoredRow {
    func text(_ column: Int) -> String?
    func int(_ column: Int) -> Int?
    func double(_ column: Int) -> Double?
    func bool(_ column: Int) -> Bool?
    func bytes(_ column: Int) -> [UInt8]?
}
