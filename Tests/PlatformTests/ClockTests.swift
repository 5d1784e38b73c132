import Platform
import Testing

@Suite struct ClockTests {
    @Test func theMonotonicClockNeverGoesBack() {
        var last = MonotonicClock.now()
        for _ in 0..<10_000 {
            let now = MonotonicClock.now()
            #expect(now >= last)
            last = now
        }
    }

    @Test func theMonotonicClockCountsNanoseconds() async throws {
        // The sleep can take seconds on a busy machine (its wake-up waits for a pool thread):
        // the upper bound is what Swift's own clock saw around it, not a fixed time.
        let around = ContinuousClock.now
        let start = MonotonicClock.now()
        try await Task.sleep(for: .milliseconds(20))
        let elapsed = MonotonicClock.now() - start
        let outer = ContinuousClock.now - around
        let outerNanoseconds = outer.components.seconds * 1_000_000_000 + outer.components.attoseconds / 1_000_000_000
        #expect(elapsed >= MonotonicClock.nanoseconds(milliseconds: 20))
        #expect(elapsed < UInt64(outerNanoseconds) + MonotonicClock.nanoseconds(milliseconds: 5_000))
        #expect(MonotonicClock.nanoseconds(milliseconds: -1) == 0)
    }

    @Test func theWallClockAndItsCalendarAgree() {
        let before = WallClock.now()
        let time = WallClock.utc()
        let after = WallClock.now()
        #expect(before > 1_700_000_000)   // after November 2023
        // Days from the civil date (Howard Hinnant's algorithm), to compare with Unix seconds.
        let y = time.month <= 2 ? time.year - 1 : time.year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (time.month + (time.month > 2 ? -3 : 9)) + 2) / 5 + time.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = Double(days * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second)
            + Double(time.millisecond) / 1_000
        #expect(seconds >= before.rounded(.down) - 0.001)
        #expect(seconds <= after + 0.001)
        #expect((0..<1_000).contains(time.millisecond))
    }
}
