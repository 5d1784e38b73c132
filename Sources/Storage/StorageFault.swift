/// An error of the storage engine itself, as opposed to an outbox refusal: the store is locked,
/// full, read-only, unreachable. Each engine's errors conform, so the service can word them and
/// decide to wait without knowing the engine.
public protocol StorageFault: Error {
    /// Words for an operator and a provider's retry log, without SQL, paths or secrets.
    var summary: String { get }
    /// The store refuses for now and a later try may pass (locked, full, read-only, I/O).
    var isTransient: Bool { get }
}

/// Turns any error out of a store into words an operator can use.
public enum StoreFailure {
    public static func describe(_ error: any Error) -> String {
        (error as? any StorageFault)?.summary ?? "database unavailable"
    }
}
