/// How a store answers `q` of `GET /api/events` (docs/storage.md, "Searching event text"): from
/// a trigram index, or by reading the rows. Said once in the start-up log.
public struct TextSearch: Sendable, Hashable, CustomStringConvertible {
    /// A trigram index answers searches of two characters or more (SQLite; three on PostgreSQL).
    public let indexed: Bool
    /// What answers, and what falls back, in a sentence.
    public let description: String

    public init(indexed: Bool, description: String) {
        self.indexed = indexed
        self.description = description
    }
}

extension EventFilter {
    /// `text` as an FTS5 phrase: in double quotes, a quote inside doubled.
    static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` folded the way a case-insensitive trigram index folds what it stores — ASCII
    /// letters to lower case — or nil when `text` holds a character with a case of its own
    /// outside ASCII, whose folding only the index itself knows.
    static func foldedForIndex(_ text: String) -> String? {
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                folded.append(scalar.properties.isUppercase ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else if scalar.properties.changesWhenCaseFolded || scalar.properties.changesWhenCaseMapped {
                return nil
            } else {
                folded.append(scalar)
            }
        }
        return String(folded)
    }

    /// Whether `text` has no character that case folding touches or yields, nor a control
    /// character: then a case-insensitive index's match of it is exactly the substring match.
    static func isCaseless(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isAlphabetic || !(scalar.properties.changesWhenCaseFolded
                || scalar.properties.changesWhenCaseMapped || scalar.properties.isLowercase || scalar.properties.isUppercase)
        } && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
