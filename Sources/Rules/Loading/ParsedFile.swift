/// What one rule file contributed, before the set-wide checks (names used twice, two
/// `default`s). Names and special replies are noted with their lines even when invalid, so
/// that those checks see them.
struct ParsedFile {
    var rules: [Rule] = []
    var defaultReply: SpecialReply?
    var subscribeReply: SpecialReply?
    var ruleNames: [(name: String, line: Int)] = []
    var defaultLine: Int?
    var subscribeLine: Int?
}
