import Glibc

/// A point on the monotonic clock by which an exchange must be over; every wait of the exchange
/// gets what is left of it, so the whole request — connecting included — keeps one budget.
struct Deadline: Sendable {
    let nanoseconds: UInt64

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    init(afterMs milliseconds: Int) {
        nanoseconds = Deadline.now() + UInt64(max(milliseconds, 0)) * 1_000_000
    }

    /// Milliseconds left, rounded up so a wait never ends just short of the deadline; 0 when past.
    var remainingMs: Int32 {
        let now = Deadline.now()
        guard now < nanoseconds else { return 0 }
        return Int32(clamping: (nanoseconds - now + 999_999) / 1_000_000)
    }
}
