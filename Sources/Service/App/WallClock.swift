#if canImport(Glibc)
import Glibc
#endif

/// The real time as Unix seconds. Code that needs time takes a clock closure, so tests can pass
/// their own; this is the one the service runs with.
public enum WallClock {
    @Sendable public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1_000_000_000
    }
}
