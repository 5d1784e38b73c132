/// How a keyword is compared with a message (docs/rules.md, "Keywords and matching").
public enum MatchKind: String, Sendable, Hashable, CaseIterable {
    /// The whole normalized message equals the keyword (公众号's 全匹配, `fuzzy: "0"`).
    case exact
    /// The message contains the keyword anywhere (半匹配, `fuzzy: "1"`).
    case contains
    /// The message starts with the keyword.
    case prefix
    /// An NSRegularExpression, searched in the normalized message, case-insensitively.
    case regex
}
