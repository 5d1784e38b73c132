import Foundation
import Synchronization

/// The in-process service's clock: the wall clock plus an offset the test moves, so a test can
/// step past a window (dedupe, rate limits) without waiting for it. Moving it forward never
/// makes time run backwards for timers already set.
package final class TestClock: Sendable {
    private let offset = Mutex<Double>(0)

    package init() {}

    package var now: Double { Date().timeIntervalSince1970 + offset.withLock { $0 } }

    /// Moves the clock `seconds` ahead of the wall clock (on top of earlier moves).
    package func advance(_ seconds: Double) { offset.withLock { $0 += seconds } }

    /// What `WebhookService` takes.
    package var function: @Sendable () -> Double { { [self] in now } }
}
