import Platform

/// A point on the monotonic clock by which an exchange must be over; every wait of the exchange
/// gets what is left of it, so the whole request — connecting included — keeps one budget.
struct Deadline: Sendable {
    let nanoseconds: UInt64

    init(afterMs milliseconds: Int) {
        nanoseconds = MonotonicClock.now() + MonotonicClock.nanoseconds(milliseconds: milliseconds)
    }

    /// Milliseconds left, rounded up so a wait never ends just short of the deadline; 0 when past.
    var remainingMs: Int32 {
        let now = MonotonicClock.now()
        guard now < nanoseconds else { return 0 }
        return Int32(clamping: (nanoseconds - now + 999_999) / 1_000_000)
    }
}
