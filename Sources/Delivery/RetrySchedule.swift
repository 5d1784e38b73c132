/// Exponential backoff with "equal jitter": after the n-th failed attempt of a budget the
/// ceiling is `base · 2^(n-1)`, capped (5 minutes by default), and the delay is
/// `ceiling/2 + unitRandom · ceiling/2`, i.e. in `[ceiling/2, ceiling)`.
///
/// Equal rather than full jitter: a retry never fires right away (full jitter may pick ~0 s),
/// yet retries of many messages hit by the same outage still spread over half the window.
/// Randomness comes in as a value so the schedule stays pure and testable.
public struct RetrySchedule: Sendable, Hashable, Codable {
    /// The first ceiling, in seconds (`retry_base_ms` / 1000).
    public var baseSeconds: Double
    /// No ceiling exceeds this, in seconds.
    public var capSeconds: Double

    public init(baseMilliseconds: Int, capSeconds: Double = 300) {
        self.baseSeconds = Double(max(0, baseMilliseconds)) / 1000
        self.capSeconds = capSeconds
    }

    /// The backoff ceiling after `attempt` failed attempts of the current budget (1-based).
    public func ceiling(afterAttempt attempt: Int) -> Double {
        // 2^40 · any sane base is far past the cap; the clamp keeps the shift defined.
        let doublings = min(max(attempt, 1) - 1, 40)
        return min(capSeconds, baseSeconds * Double(UInt64(1) << UInt64(doublings)))
    }

    /// The delay in seconds before the next attempt. `unitRandom` is a uniform value in `[0, 1)`;
    /// values outside are clamped.
    public func delay(afterAttempt attempt: Int, unitRandom: Double) -> Double {
        let ceiling = ceiling(afterAttempt: attempt)
        let unit = unitRandom.isNaN ? 0 : min(max(unitRandom, 0), 1)
        return ceiling / 2 + unit * ceiling / 2
    }

    /// The delay drawn from a generator, for callers that hold one (tests pass a seeded one).
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Double {
        delay(afterAttempt: attempt, unitRandom: Double.random(in: 0..<1, using: &generator))
    }
}
