// Group commit: one transaction for many callers, each answered only after the COMMIT.
extension WriteQueue {
    /// Runs `jobs` in one `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint. A job that throws
    /// is undone alone. If the transaction itself fails — BEGIN or COMMIT (busy, disk full, read-only,
    /// deferred constraint), or SQLite ending it mid-batch — every job gets that error and nothing
    /// of the batch remains; the batch is counted in `stats.failedBatches`.
    func runBatch(_ jobs: [WriteJob], on connection: Connection) {
        do {
            try connection.run("BEGIN IMMEDIATE")
        } catch {
            countFailedBatch()
            for job in jobs { job.fail(error) }
            return
        }
        var outcomes: [WriteJob.Outcome] = []
        outcomes.reserveCapacity(jobs.count)
        var batchError: (any Error)?
        for job in jobs {
            if let batchError {
                job.fail(batchError)
                continue
            }
            let outcome = job.run(connection)
            outcomes.append(outcome)
            if !connection.isInTransaction {
                // SQLite rolled the whole transaction back (disk full, I/O error, …) or the job ended
                // it: what the earlier jobs did is gone, so they must not be told it was stored.
                batchError = outcome.error
                    ?? SQLiteError.misuse("a write job ended the batch's transaction", sql: nil)
            }
        }
        if batchError == nil {
            do {
                try connection.run("COMMIT")
            } catch {
                batchError = error
            }
        }
        if batchError != nil {
            connection.rollback()
            countFailedBatch()
        }
        for outcome in outcomes { outcome.resume(batchError) }
    }

    /// Counted before the batch's jobs are answered, so whoever was answered sees it counted.
    private func countFailedBatch() {
        state.withLock { $0.stats.failedBatches += 1 }
    }
}
