import Platform
import Synchronization
import Testing

@Suite struct DetachedThreadTests {
    @Test func runsTheBodyOnANamedThreadOfItsOwn() async throws {
        let seen = Mutex<String?>(nil)
        let caller = DetachedThread.currentName
        try DetachedThread.start(name: "platform-test") {
            seen.withLock { $0 = DetachedThread.currentName }
        }
        let deadline = MonotonicClock.now() + MonotonicClock.nanoseconds(milliseconds: 5_000)
        while seen.withLock({ $0 }) == nil, MonotonicClock.now() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(seen.withLock { $0 } == "platform-test")
        #expect(DetachedThread.currentName == caller)
    }

    @Test func keepsTheFirstFifteenBytesOfALongName() async throws {
        let seen = Mutex<String?>(nil)
        try DetachedThread.start(name: "a-name-longer-than-fifteen-bytes") {
            seen.withLock { $0 = DetachedThread.currentName }
        }
        let deadline = MonotonicClock.now() + MonotonicClock.nanoseconds(milliseconds: 5_000)
        while seen.withLock({ $0 }) == nil, MonotonicClock.now() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(seen.withLock { $0 } == "a-name-longer-t")
    }
}
