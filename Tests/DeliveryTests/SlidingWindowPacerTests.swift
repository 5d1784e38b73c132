import Testing
@testable import Delivery

@Suite struct SlidingWindowPacerTests {
    @Test func limitHoldsInAnyWindow() {
        var pacer = SlidingWindowPacer(limit: 3, window: 60)
        #expect(pacer.available("a", now: 0) == 3)
        pacer.record("a", count: 2, at: 0)
        pacer.record("a", count: 1, at: 10)
        #expect(pacer.available("a", now: 59.9) == 0)
        #expect(pacer.nextSlot("a", count: 1, now: 30) == 60)
        #expect(pacer.nextSlot("a", count: 3, now: 30) == 70)
        // At 60 s the two sends of time 0 leave the window; the one at 10 stays until 70.
        #expect(pacer.available("a", now: 60) == 2)
        #expect(pacer.available("a", now: 70) == 3)
        #expect(pacer.nextSlot("a", count: 3, now: 70) == nil)
    }

    @Test func accountsAreIndependent() {
        var pacer = SlidingWindowPacer(limit: 1)
        pacer.record("a", count: 1, at: 0)
        #expect(pacer.available("a", now: 1) == 0)
        #expect(pacer.available("b", now: 1) == 1)
    }
}
