import Foundation
import JSON

extension FileReader {
    /// A `match` value.
    mutating func matchKind(_ member: JSONMember) -> MatchKind? {
        guard let name = string(member) else { return nil }
        guard let kind = MatchKind(rawValue: name) else {
            let known = MatchKind.allCases.map(\.rawValue).joined(separator: ", ")
            report(member.value.line, "unknown match \"\(name)\" (known: \(known))")
            return nil
        }
        return kind
    }

    /// A rule's `keywords`: strings (matched with `defaultMatch`) or `{text, match}` objects.
    mutating func keywords(_ member: JSONMember, rule: String, defaultMatch: MatchKind) -> [Keyword]? {
        guard let elements = array(member) else { return nil }
        if elements.isEmpty {
            report(member.value.line, "rule \"\(rule)\" has no keywords")
            return nil
        }
        var keywords: [Keyword] = []
        for element in elements {
            switch element.kind {
            case .string(let text):
                if let keyword = keyword(text, defaultMatch, line: element.line) { keywords.append(keyword) }
            case .object:
                guard let fields = members(of: element, "a keyword", allowed: ["text", "match"]) else { continue }
                guard let textMember = fields["text"] else {
                    report(element.line, "a keyword object needs \"text\"")
                    continue
                }
                var match = defaultMatch
                if let matchMember = fields["match"] {
                    guard let kind = matchKind(matchMember) else { continue }
                    match = kind
                }
                guard case .string(let text) = textMember.value.kind else {
                    report(textMember.value.line, "\"text\" must be a string, found \(textMember.value.typeName)")
                    continue
                }
                if let keyword = keyword(text, match, line: textMember.value.line) { keywords.append(keyword) }
            default:
                report(element.line, "a keyword must be a string or {\"text\", \"match\"}, found \(element.typeName)")
            }
        }
        return keywords.count == elements.count ? keywords : nil
    }

    /// A keyword, refused when it is empty once normalized or is a regex that does not compile.
    mutating func keyword(_ text: String, _ match: MatchKind, line: Int) -> Keyword? {
        let keyword = Keyword(text: text, match: match, line: line)
        if keyword.normalized.isEmpty || (match == .regex && text.isEmpty) {
            report(line, "empty keyword")
            return nil
        }
        if match == .regex {
            do {
                _ = try NSRegularExpression(pattern: text, options: [.caseInsensitive])
            } catch {
                // Foundation's message on Linux says little ("The value is invalid."): point at
                // the usual causes.
                report(line, "bad regex \"\(text)\": it does not compile (\((error as NSError).localizedDescription)); check brackets, parentheses and escapes (a backslash is \"\\\\\" in JSON)")
                return nil
            }
        }
        return keyword
    }
}
