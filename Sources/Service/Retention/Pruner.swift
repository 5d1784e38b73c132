import Logging
import Storage

/// Deletes what `retention` no longer keeps (docs/operations.md, "Retention"), in the background:
/// once at start and then every `interval` seconds of the service's clock. Each table goes in
/// batches, one short write transaction each, so ingest never waits behind more than one batch.
/// The batches adapt to the machine: one that held the writer longer than `batchTarget` halves
/// the next (a fast one doubles it, up to `batchSize`), and after each the pruner pauses
/// `pauseFactor` times as long as it took (at least `pause`), so it never has the writer for more
/// than a fifth of the time. The store decides what is still needed.
struct Pruner: Sendable {
    let store: any RetentionStore
    let policy: RetentionPolicy
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Told how many rows of each table every batch deleted (for `/metrics`).
    let pruned: @Sendable (RetainedRows, Int) -> Void
    /// The most rows one transaction deletes.
    var batchSize = 1000
    var batchTarget: Duration = .milliseconds(5)
    var pauseFactor = 4.0
    var pause: Duration = .milliseconds(10)
    var interval: Double = 3600
    /// How often the clock is looked at; a test clock moved past `interval` is noticed this soon.
    var tick: Duration = .seconds(1)

    func run() async {
        guard policy.prunes else { return }
        var lastPass: Double?
        while !Task.isCancelled {
            let now = clock()
            if lastPass.map({ now - $0 >= interval }) ?? true {
                lastPass = now
                await pass(now: now)
            }
            try? await Task.sleep(for: tick)
        }
    }

    /// One pass over every table: batch after batch until nothing older than its cutoff can go.
    /// Returns how many rows of each table went.
    @discardableResult
    func pass(now: Double) async -> [RetainedRows: Int] {
        var totals: [RetainedRows: Int] = [:]
        for rows in RetainedRows.allCases {
            guard let cutoff = policy.cutoff(for: rows, now: now) else { continue }
            var total = 0
            var size = batchSize
            while !Task.isCancelled {
                let count: Int
                let started = ContinuousClock.now
                do {
                    count = try await store.prune(rows, before: cutoff, limit: size)
                } catch {
                    logger.warn("retention pass failed", [("table", rows.rawValue), ("reason", StoreFailure.describe(error))])
                    break
                }
                total += count
                pruned(rows, count)
                if count < size { break }
                let took = ContinuousClock.now - started
                size = nextSize(after: size, took: took)
                try? await Task.sleep(for: max(pause, took * pauseFactor))
            }
            totals[rows] = total
            if total > 0 {
                logger.info("retention pruned", [("table", rows.rawValue), ("count", String(total)),
                                                 ("before", UTCTimestamp.format(cutoff))])
            }
        }
        return totals
    }

    /// The next batch's size: half when this one took longer than `batchTarget`, double when it
    /// took less than half of it, within 10…`batchSize`.
    func nextSize(after size: Int, took: Duration) -> Int {
        if took > batchTarget { return max(min(10, batchSize), size / 2) }
        if took * 2 < batchTarget { return min(batchSize, size * 2) }
        return size
    }
}
