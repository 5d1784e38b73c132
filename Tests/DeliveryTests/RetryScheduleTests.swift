import Core
import Delivery
import Testing

@Suite struct RetryScheduleTests {
    let schedule = RetrySchedule(baseMilliseconds: 1000)

    @Test func ceilingDoublesFromTheBase() {
        #expect((1...9).map { schedule.ceiling(afterAttempt: $0) } == [1, 2, 4, 8, 16, 32, 64, 128, 256])
    }

    @Test func ceilingIsCappedAtFiveMinutes() {
        #expect(schedule.ceiling(afterAttempt: 10) == 300)
        #expect(schedule.ceiling(afterAttempt: 1000) == 300)
        #expect(schedule.ceiling(afterAttempt: .max) == 300)
    }

    @Test func attemptsBelowOneCountAsTheFirst() {
        #expect(schedule.ceiling(afterAttempt: 0) == 1)
        #expect(schedule.ceiling(afterAttempt: -3) == 1)
    }

    @Test(arguments: 1...12)
    func equalJitterStaysInTheUpperHalfOfTheCeiling(attempt: Int) {
        let ceiling = schedule.ceiling(afterAttempt: attempt)
        #expect(schedule.delay(afterAttempt: attempt, unitRandom: 0) == ceiling / 2)
        #expect(schedule.delay(afterAttempt: attempt, unitRandom: 0.5) == ceiling * 0.75)
        let top = schedule.delay(afterAttempt: attempt, unitRandom: 0.999_999)
        #expect(top < ceiling && top > ceiling * 0.99)
    }

    @Test func unitValuesOutsideTheRangeAreClamped() {
        #expect(schedule.delay(afterAttempt: 2, unitRandom: -5) == 1)
        #expect(schedule.delay(afterAttempt: 2, unitRandom: 7) == 2)
        #expect(schedule.delay(afterAttempt: 2, unitRandom: .nan) == 1)
    }

    @Test func aSeededGeneratorGivesRepeatableDelaysWithinBounds() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        for attempt in 1...20 {
            let delay = schedule.delay(afterAttempt: attempt, using: &first)
            #expect(delay == schedule.delay(afterAttempt: attempt, using: &second))
            let ceiling = schedule.ceiling(afterAttempt: attempt)
            #expect(delay >= ceiling / 2 && delay < ceiling)
        }
    }

    @Test func baseAndCapComeFromTheSettings() {
        let fast = RetrySchedule(baseMilliseconds: 10, capSeconds: 0.05)
        #expect(fast.ceiling(afterAttempt: 1) == 0.01)
        #expect(fast.ceiling(afterAttempt: 3) == 0.04)
        #expect(fast.ceiling(afterAttempt: 4) == 0.05)
        #expect(RetrySchedule(baseMilliseconds: 0).delay(afterAttempt: 3, unitRandom: 0.5) == 0)
        #expect(DeliveryPolicy(retryBaseMilliseconds: 250).retrySchedule.ceiling(afterAttempt: 2) == 0.5)
    }
}
