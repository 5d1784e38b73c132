import Testing
@testable import Storage

/// The window arithmetic behind the summaries: whole hours from the summary tables, the edges
/// from rows. It must be total: any finite time a caller hands a store gives a window, never a trap.
@Suite struct SummaryWindowTests {
    @Test func anHourAlignedWindowHasNoEdges() {
        let window = SummaryWindow(start: 7200, end: 14_400)
        #expect(window.firstHour == 2)
        #expect(window.endHour == 4)
        #expect(window.edges.isEmpty)
    }

    @Test func unalignedEndsAreEdgesReadFromRows() {
        let window = SummaryWindow(start: 3600.5, end: 10_800.25)
        #expect(window.firstHour == 2)
        #expect(window.endHour == 3)
        #expect(window.edges == [
            SummaryWindow.Edge(hour: 1, from: 3600.5, to: nil),
            SummaryWindow.Edge(hour: 3, from: nil, to: 10_800.25),
        ])
    }

    @Test(arguments: [1e300, -1e300, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 1e20])
    func timesFarOutsideAnyRowStillGiveAWindow(_ time: Double) {
        let open = SummaryWindow(start: time, end: nil)
        let closed = SummaryWindow(start: min(time, 0), end: max(time, 0))
        #expect(abs(open.firstHour) <= 1 << 50 + 1)
        #expect(closed.endHour.map { $0 >= closed.firstHour } == true)
    }
}
