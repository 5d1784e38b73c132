import Logging
import Storage

/// Deletes what `retention` no longer keeps (docs/operations.md, "Retention"), in the background:
/// once at start and then every `interval` seconds of the service's clock. Each table goes in
/// batches of at most `batchSize` rows, one short write transaction each, with `pause` between
/// them, so ingest never waits behind more than one batch. The store decides what is still needed.
struct Pruner: Sendable {
    let store: any RetentionStore
    let policy: RetentionPolicy
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Told how many rows of each table every batch deleted (for `/metrics`).
    let pruned: @Sendable (RetainedRows, Int) -> Void
    var batchSize = 1000
    var pause: Duration = .milliseconds(20)
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
            while !Task.isCancelled {
                let count: Int
                do {
                    count = try await store.prune(rows, before: cutoff, limit: batchSize)
                } catch {
                    logger.warn("retention pass failed", [("table", rows.rawValue), ("reason", StoreFailure.describe(error))])
                    break
                }
                total += count
                pruned(rows, count)
                if count < batchSize { break }
                try? await Task.sleep(for: pause)
            }
            totals[rows] = total
            if total > 0 {
                logger.info("retention pruned", [("table", rows.rawValue), ("count", String(total)),
                                                 ("before", UTCTimestamp.format(cutoff))])
            }
        }
        return totals
    }
}
