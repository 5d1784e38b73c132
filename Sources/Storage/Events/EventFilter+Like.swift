extension EventFilter {
    /// `text` as a LIKE pattern that matches it literally: `\`, `%` and `_` escaped with `\`
    /// (`ESCAPE '\'`), so a search for `50%` finds "50%" and not "500".
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 4)
        for character in text.unicodeScalars {
            if character == "\\" || character == "%" || character == "_" { escaped.unicodeScalars.append("\\") }
            escaped.unicodeScalars.append(character)
        }
        return escaped
    }
}
