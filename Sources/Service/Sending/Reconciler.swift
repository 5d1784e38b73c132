import Logging
import Storage

/// The outbox's clock work (docs/delivery.md, "Timers"): `echoed` becomes `delivered` after
/// `confirm_after_s` without a failure, `accepted`/`echoed` become `expired` after
/// `expire_after_s`. All state is in the database, so the timers are right after a restart too. It
/// also forgets what no longer matters: body-hash dedupe keys past their window and idempotency
/// keys past 24 hours. (Callbacks themselves are applied by ingest, in the transaction that stores
/// them.)
struct Reconciler: Sendable {
    let outbox: any OutboxStore
    let events: any EventStore
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Called after a pass changed messages' states (their forwards may be due).
    var onChange: @Sendable () -> Void = {}
    /// How often the timers are checked; a timer's row carries its deadline, not this tick.
    var interval: Double = 0.5
    var pruneInterval: Double = 60

    func run() async {
        var lastPrune = 0.0
        while !Task.isCancelled {
            let now = clock()
            do {
                var changed = 0
                var fired = 0
                repeat {
                    fired = try await outbox.tick(now: now, limit: 1000)
                    changed += fired
                } while fired == 1000
                if changed > 0 { onChange() }
            } catch {
                logger.error("timer pass failed", [("reason", StoreFailure.describe(error))])
            }
            if now - lastPrune >= pruneInterval {
                lastPrune = now
                do {
                    _ = try await events.pruneExpiredKeys(now: now)
                    _ = try await outbox.pruneIdempotencyKeys(now: now)
                } catch {
                    logger.warn("pruning failed", [("reason", StoreFailure.describe(error))])
                }
            }
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }
}
