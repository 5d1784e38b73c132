import Logging
import Storage
import Synchronization

/// The one loop behind both kinds of delivery — an outbox message to a provider, a forward to
/// an application: claim what is due (the attempts committed before any request leaves), send
/// each in a task of its own, record each outcome. It bounds the requests in flight, sleeps until
/// the next thing may be due or until `wake()`, and on shutdown lets requests already on the
/// wire finish and be recorded.
final class SendLoop: Sendable {
    /// One request and the recording of its outcome.
    typealias Send = @Sendable () async -> Void

    /// For log lines: "dispatcher", "forwarder".
    let name: String
    let maxInFlight: Int
    let clock: @Sendable () -> Double
    let logger: Logger

    private let wakeSignal = WakeSignal()
    private let inFlight = Atomic<Int>(0)
    /// The earliest time something is known to fall due (a retry's backoff), if sooner than a second.
    private let earliest = Mutex<Double?>(nil)
    /// Set once the loop stops: outcomes the store refuses are then left to the next start's
    /// recovery instead of being retried.
    private let stopping = Atomic<Bool>(false)

    init(name: String, maxInFlight: Int, clock: @escaping @Sendable () -> Double, logger: Logger) {
        self.name = name
        self.maxInFlight = maxInFlight
        self.clock = clock
        self.logger = logger
    }

    /// Something became due (queued, or an answer freed a conversation): look again now.
    func wake() { wakeSignal.signal() }

    /// Something falls due at `time`: look then at the latest.
    func wake(at time: Double) {
        earliest.withLock { $0 = min($0 ?? time, time) }
        wakeSignal.signal()
    }

    /// Runs until the task is cancelled; requests in flight then finish before it returns.
    /// `claim(room, now)` starts up to `room` attempts and returns their sends and when to look
    /// again at the latest.
    func run(claim: @escaping @Sendable (_ room: Int, _ now: Double) async throws -> (sends: [Send], nextLook: Double))
        async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = clock()
                var nextLook = now + 1
                // Kept until it has passed: an early wake must not make the loop forget it.
                if let soon = earliest.withLock({ time in
                    defer { if let due = time, due <= now { time = nil } }
                    return time
                }) {
                    nextLook = min(nextLook, max(soon, now))
                }
                let room = maxInFlight - inFlight.load(ordering: .relaxed)
                if room > 0 {
                    do {
                        let claimed = try await claim(room, now)
                        nextLook = min(nextLook, claimed.nextLook)
                        for send in claimed.sends { start(send, in: &group) }
                    } catch {
                        logger.error("\(name) pass failed", [("reason", StoreFailure.describe(error))])
                    }
                }
                await wakeSignal.wait(upTo: nextLook - clock())
            }
            stopping.store(true, ordering: .relaxed)
        }
    }

    private func start(_ send: @escaping Send, in group: inout DiscardingTaskGroup) {
        inFlight.add(1, ordering: .relaxed)
        group.addTask { [self] in
            // Stopping cancels the loop, not a request already on the wire: it runs in a task
            // that does not inherit the cancellation, finishes within its deadline and its
            // outcome is recorded, so a clean stop never sends anything twice.
            await Task { await send() }.value
            inFlight.subtract(1, ordering: .relaxed)
            wake()   // the conversation's next one may go now
        }
    }

    /// Commits an outcome. While the store refuses for now (locked, disk full, read-only) the
    /// outcome is kept and tried again, backing off to 5 s, so it lands as soon as the fault is
    /// gone, without a restart. Once stopping, it is left (nil): the attempt stays in flight in
    /// the store and the next start recovers it (at least once). `what` names it in log lines.
    func commit<T: Sendable>(_ what: String, _ fields: [(String, String)], _ write: () async throws -> T) async -> T? {
        var delay = 0.25
        while true {
            do {
                return try await write()
            } catch let error as any StorageFault where error.isTransient && !stopping.load(ordering: .relaxed) {
                logger.warn("\(what) not stored yet", fields + [("reason", StoreFailure.describe(error)),
                                                                ("retry_in_s", String(delay))])
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 5)
            } catch OutboxError.leaseLost {
                // This instance's lease ran out and another took the send over: its answer no
                // longer counts, the other instance's attempt does.
                logger.warn("\(what) not stored: another instance took the send over after its lease ran out", fields)
                return nil
            } catch {
                logger.error("\(what) not stored", fields + [("reason", "\(error)")])
                return nil
            }
        }
    }
}
