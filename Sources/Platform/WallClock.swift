import Glibc

/// The real time. Code that needs time takes a clock closure, so tests can pass their own; this
/// is the one the service and the simulator run with.
public enum WallClock {
    /// Unix time in seconds.
    @Sendable public static func now() -> Double {
        let time = current()
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }

    /// Now as a UTC calendar date and time, to the millisecond.
    public static func utc() -> UTCTime {
        var time = current()
        var parts = tm()
        gmtime_r(&time.tv_sec, &parts)
        return UTCTime(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                       hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec),
                       millisecond: Int(time.tv_nsec / 1_000_000))
    }

    private static func current() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }
}

/// A moment as the calendar shows it in UTC; month and day count from 1.
public struct UTCTime: Sendable, Hashable {
    public var year, month, day, hour, minute, second, millisecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }
}
