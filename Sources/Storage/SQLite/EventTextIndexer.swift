import SQLite
import Synchronization

/// Adds stored events' texts to the trigram index behind ingest (`EventTextIndex`): once
/// `batch` events were stored since the last pass, one writer job indexes them together, so the
/// index grows by one segment per batch instead of one per event. Searches read the events above
/// the index's progress row by row, so what waits here is still found; a failed pass (a full
/// disk) leaves its events to the next one.
final class EventTextIndexer: Sendable {
    private let writer: DatabaseWriter
    /// Events stored since a pass last started.
    private let pending = Atomic<Int>(0)
    /// One pass at a time.
    private let running = Atomic<Bool>(false)
    /// Events per pass: small enough that the job sharing a group commit with requests delays
    /// them by well under a millisecond, large enough that the index's segments stay few.
    static let batch = 256

    init(writer: DatabaseWriter) {
        self.writer = writer
    }

    /// Called after each commit that stored a new event.
    func stored() {
        let count = pending.add(1, ordering: .relaxed).newValue
        guard count >= Self.batch, running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return }
        Task { await self.pass() }
    }

    private func pass() async {
        while true {
            pending.store(0, ordering: .relaxed)
            do {
                // A pass takes at most a few batches at once, so it never holds the writer long;
                // the rest waits for the next one.
                _ = try await writer.write { db in try EventTextIndex.catchUp(db: db, most: 4 * Self.batch) }
            } catch {
                running.store(false, ordering: .releasing)
                return
            }
            running.store(false, ordering: .releasing)
            // Events stored while this pass ran may have made a batch without starting one.
            guard pending.load(ordering: .relaxed) >= Self.batch,
                  running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
            else { return }
        }
    }
}
