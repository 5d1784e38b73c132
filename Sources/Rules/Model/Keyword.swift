/// One keyword of a rule.
public struct Keyword: Sendable, Hashable {
    /// As written in the rule file: what explanations show.
    public let text: String
    public let match: MatchKind
    /// `text` normalized the way messages are (NFKC, case folded, trimmed). A regex keeps its
    /// pattern as written: folding `\S` into `\s` would change its meaning.
    public let normalized: String
    /// The line of the keyword in its file.
    public let line: Int

    public init(text: String, match: MatchKind, line: Int = 0) {
        self.text = text
        self.match = match
        self.normalized = match == .regex ? text : TextNormalizer.normalize(text)
        self.line = line
    }
}
