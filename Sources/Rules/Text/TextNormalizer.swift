import Foundation

/// Brings messages and keywords to one comparable form (docs/rules.md, "Keywords and matching"):
/// Unicode NFKC (full-width → half-width, U+2005 → space), lower case, surrounding white space
/// trimmed; in groups also the leading `@name ` mentions removed.
///
/// The work happens on UTF-8 bytes (`normalizedBytes`): a byte loop takes ASCII and CJK text
/// (`TextNormalizer+Fast.swift`), a table made once from Foundation takes the other characters
/// that map the same way wherever they stand (`FoldTable`), and only a text with something else
/// in it (a combining accent, a Hangul jamo, a rare script) goes through Foundation whole.
public enum TextNormalizer {
    /// NFKC, case folded, trimmed. Keywords are normalized this way when a set loads.
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizedBytes(text, inGroup: false), as: UTF8.self)
    }

    /// A message as the matcher sees it; `inGroup` also removes the leading mentions.
    public static func normalize(_ text: String, inGroup: Bool) -> String {
        String(decoding: normalizedBytes(text, inGroup: inGroup), as: UTF8.self)
    }

    /// Whether `text` is normalized without Foundation (the byte loop and the table take every
    /// character of it): for benchmarks and diagnostics.
    public static func staysOffFoundation(_ text: String) -> Bool { fastFolded(text) != nil }

    /// `normalize` as UTF-8 bytes, which is what the keyword automaton reads.
    static func normalizedBytes(_ text: String, inGroup: Bool) -> [UInt8] {
        var bytes = fastFolded(text) ?? Array(text.precomposedStringWithCompatibilityMapping.lowercased().utf8)
        trim(&bytes)
        if inGroup && bytes.first == UInt8(ascii: "@") { stripLeadingMentions(&bytes) }
        return bytes
    }
}
