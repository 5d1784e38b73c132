/// One `DatabaseWriter.write` call waiting in the queue. It is answered exactly once: either it
/// runs (`run`, then its outcome is resumed after the batch's COMMIT), or it never runs (`fail`).
struct WriteJob: Sendable {
    /// What a job left behind once run: its own error, if any, and how to answer its caller once
    /// the batch's fate is known. Lives on the writer thread only.
    struct Outcome {
        let error: (any Error)?
        /// Called with the batch's error (nil when committed).
        let resume: ((any Error)?) -> Void
    }

    let run: @Sendable (Connection) -> Outcome
    let fail: @Sendable (any Error) -> Void

    init<T: Sendable>(
        _ work: @escaping @Sendable (Connection) throws -> T, _ continuation: CheckedContinuation<T, any Error>
    ) {
        run = { connection in
            do {
                // The job's own savepoint: if it throws, only its changes are undone.
                let value = try connection.savepoint { try work(connection) }
                return Outcome(error: nil) { batchError in
                    if let batchError {
                        continuation.resume(throwing: batchError)
                    } else {
                        continuation.resume(returning: value)
                    }
                }
            } catch {
                // A job that failed reports its own error, whatever happens to the batch.
                return Outcome(error: error) { _ in continuation.resume(throwing: error) }
            }
        }
        fail = { error in continuation.resume(throwing: error) }
    }
}
