import Foundation
import FuzzSupport
import Rules

/// `TextNormalizer` against Foundation: its fast path must give exactly what NFKC, lower case and
/// trimming give, and stripping mentions must leave a suffix of the text that starts with no
/// strippable mention.
enum NormalizationChecks {
    static func run(_ text: String) {
        let normalized = TextNormalizer.normalize(text)
        let reference = trimmed(text.precomposedStringWithCompatibilityMapping.lowercased())
        check(normalized.utf8.elementsEqual(reference.utf8),
              "normalize(\(text.debugDescription)) = \(normalized.debugDescription), Foundation says \(reference.debugDescription)")
        checkTrimmed(normalized)

        let group = TextNormalizer.normalize(text, inGroup: true)
        checkTrimmed(group)
        check(normalized.utf8.reversed().starts(with: group.utf8.reversed()),
              "group form \(group.debugDescription) is not a suffix of \(normalized.debugDescription)")
        if group.unicodeScalars.first == "@" {
            check(!group.unicodeScalars.contains { $0.properties.isWhitespace },
                  "a strippable mention is left in \(group.debugDescription)")
        }
    }

    private static func checkTrimmed(_ text: String) {
        let scalars = text.unicodeScalars
        check(!(scalars.first?.properties.isWhitespace ?? false) && !(scalars.last?.properties.isWhitespace ?? false),
              "white space left around \(text.debugDescription)")
    }

    private static func trimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
