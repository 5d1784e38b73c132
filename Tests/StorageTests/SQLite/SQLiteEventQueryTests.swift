import Testing
@testable import Storage

/// The SQLite engine's own text search: `q` becomes a LIKE pattern. SQLite only, since how a
/// search text is made literal is each engine's business; the behaviour (`%` and `_` match
/// themselves) is every engine's, in `EventQueryTests`.
@Suite struct SQLiteEventQueryTests {
    @Test func likeEscaping() {
        #expect(SQLiteStore.likeEscaped(#"a%b_c\d"#) == #"a\%b\_c\\d"#)
        #expect(SQLiteStore.likeEscaped("价格") == "价格")
    }
}
