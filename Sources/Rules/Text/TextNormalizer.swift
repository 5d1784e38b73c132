import Foundation

/// Brings messages and keywords to one comparable form (docs/rules.md, "Keywords and matching"):
/// Unicode NFKC (full-width → half-width, U+2005 → space), lower case, surrounding white space
/// trimmed; in groups also the leading `@name ` mentions removed.
///
/// The work happens on UTF-8 bytes (`withNormalizedBytes`): a byte loop takes ASCII and CJK text
/// (`TextNormalizer+Fast.swift`), a table made once from Foundation takes the other characters
/// that map the same way wherever they stand (`FoldTable`), and only a text with something else
/// in it (a combining accent, a Hangul jamo, a rare script) goes through Foundation whole.
public enum TextNormalizer {
    /// NFKC, case folded, trimmed. Keywords are normalized this way when a set loads.
    public static func normalize(_ text: String) -> String {
        normalize(text, inGroup: false)
    }

    /// A message as the matcher sees it; `inGroup` also removes the leading mentions.
    public static func normalize(_ text: String, inGroup: Bool) -> String {
        withNormalizedBytes(text, inGroup: inGroup) { String(validUTF8: $0) }
    }

    /// Whether `text` is normalized without Foundation (the byte loop and the table take every
    /// character of it): for benchmarks and diagnostics.
    public static func staysOffFoundation(_ text: String) -> Bool { fastFolded(text) != nil }

    /// `normalize` as UTF-8 bytes, which is what the keyword automaton reads.
    static func normalizedBytes(_ text: String, inGroup: Bool) -> [UInt8] {
        withNormalizedBytes(text, inGroup: inGroup) { Array($0) }
    }

    /// Calls `body` with `normalize(text, inGroup:)` as UTF-8 bytes in scratch memory (on the
    /// stack for a chat message's size), valid during the call only: the matcher's path, which
    /// then allocates nothing for the text.
    static func withNormalizedBytes<Result>(_ text: String, inGroup: Bool,
                                            _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        let fast = text.withUTF8 { input -> Result? in
            // Most characters shrink or keep their length; the table's few expansions (a
            // ligature, a squared word) get this much room before the general path takes over.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count + 64) { output -> Result? in
                guard let count = fold(input, into: output) else { return nil }
                let folded = UnsafeBufferPointer(rebasing: output[..<count])
                return body(UnsafeBufferPointer(rebasing: folded[kept(folded, inGroup: inGroup)]))
            }
        }
        if let fast { return fast }
        var general = text.precomposedStringWithCompatibilityMapping.lowercased()
        return general.withUTF8 { folded in body(UnsafeBufferPointer(rebasing: folded[kept(folded, inGroup: inGroup)])) }
    }

    /// What trimming, and in groups stripping the leading mentions, keep of folded bytes.
    private static func kept(_ folded: UnsafeBufferPointer<UInt8>, inGroup: Bool) -> Range<Int> {
        let trimmed = trimmedRange(folded)
        guard inGroup, trimmed.lowerBound < trimmed.upperBound, folded[trimmed.lowerBound] == UInt8(ascii: "@") else {
            return trimmed
        }
        return afterLeadingMentions(folded, trimmed)
    }
}
