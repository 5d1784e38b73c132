import Glibc

/// Nanoseconds on the monotonic clock: durations and deadlines that wall-clock changes cannot move.
public enum MonotonicClock {
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    public static func nanoseconds(milliseconds: Int) -> UInt64 {
        UInt64(max(0, milliseconds)) &* 1_000_000
    }
}
