import Testing
@testable import Storage

/// A transaction body that runs again after a conflict asks the caller's planner once: the reply
/// limits count what the planner lets through. No server needed.
@Suite struct FirstAnswerTests {
    @Test func theFirstAnswerIsKeptAndTheClosureAskedOnce() throws {
        let answer = FirstAnswer<String?>()
        let asked = Count()
        for _ in 0..<3 {
            #expect(answer.value { asked.add(); return "limit reached" } == "limit reached")
        }
        #expect(asked.value == 1)
        // A nil answer (let through) is an answer too.
        let through = FirstAnswer<String?>()
        for _ in 0..<2 { #expect(through.value { asked.add(); return nil } == nil) }
        #expect(asked.value == 2)
    }
}
