import Testing
@testable import Storage

/// How a search text becomes a LIKE pattern that matches it literally, as both engines use it;
/// the behaviour (`%` and `_` match themselves) is checked on every engine in `EventQueryTests`.
@Suite struct LikePatternTests {
    @Test func likeEscaping() {
        #expect(EventFilter.likeEscaped(#"a%b_c\d"#) == #"a\%b\_c\\d"#)
        #expect(EventFilter.likeEscaped("价格") == "价格")
    }
}
