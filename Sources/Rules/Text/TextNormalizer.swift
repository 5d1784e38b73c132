import Foundation

/// Brings messages and keywords to one comparable form (docs/rules.md, "Keywords and matching"):
/// Unicode NFKC (full-width → half-width, U+2005 → space), lower case, surrounding white space
/// trimmed; in groups also the leading `@name ` mentions removed.
public enum TextNormalizer {
    /// NFKC, case folded, trimmed. Keywords are normalized this way when a set loads.
    public static func normalize(_ text: String) -> String {
        let folded = fastFolded(text) ?? text.precomposedStringWithCompatibilityMapping.lowercased()
        let trimmed = trimmed(Substring(folded))
        return trimmed.startIndex == folded.startIndex && trimmed.endIndex == folded.endIndex ? folded : String(trimmed)
    }

    /// A message as the matcher sees it; `inGroup` also removes the leading mentions.
    public static func normalize(_ text: String, inGroup: Bool) -> String {
        let normalized = normalize(text)
        guard inGroup, normalized.utf8.first == UInt8(ascii: "@") else { return normalized }
        return String(strippingLeadingMentions(Substring(normalized)))
    }

    /// Removes `@name` followed by white space, repeatedly, from the start of a normalized,
    /// trimmed text. A trailing `@name` with nothing after it stays: it is the whole message.
    public static func strippingLeadingMentions(_ text: Substring) -> Substring {
        var rest = text
        while rest.unicodeScalars.first == "@" {
            guard let space = rest.unicodeScalars.firstIndex(where: \.properties.isWhitespace) else { break }
            rest = trimmed(rest[space...])
        }
        return rest
    }

    static func trimmed(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return text[text.endIndex...] }
        return Substring(scalars[first...last])
    }
}
