import Foundation

/// Small, dependency-free readers of the dashboard's HTML for the tests: pull the script and
/// style out, strip raw-text elements, and check that tags nest.
enum DashboardMarkup {
    /// Elements that never have a closing tag.
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The text between the first `open` and the `close` after it.
    static func contents(of html: String, open: String, close: String) -> String? {
        guard let start = html.range(of: open), let end = html.range(of: close, range: start.upperBound..<html.endIndex) else {
            return nil
        }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// The HTML with the contents of `<script>` and `<style>` removed (the tags stay), so that
    /// code and CSS are not mistaken for markup.
    static func withoutRawText(_ html: String) -> String {
        var result = html
        for (open, close) in [("<script>", "</script>"), ("<style>", "</style>")] {
            guard let start = result.range(of: open),
                  let end = result.range(of: close, range: start.upperBound..<result.endIndex) else { continue }
            result.removeSubrange(start.upperBound..<end.lowerBound)
        }
        return result
    }

    /// Every problem with how the tags of `markup` nest: a closing tag that does not match the
    /// open one, a tag never closed, a `<` that starts no tag. Empty when the markup is well formed.
    static func nestingProblems(in markup: String) -> [String] {
        var open: [String] = []
        var problems: [String] = []
        var rest = markup[...]
        while let lt = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: lt)...]
            if after.hasPrefix("!--") {
                guard let end = after.range(of: "-->") else { return problems + ["a comment is never closed"] }
                rest = after[end.upperBound...]
                continue
            }
            guard let gt = after.firstIndex(of: ">") else { return problems + ["a tag is never closed: <\(after.prefix(30))"] }
            let inside = after[..<gt]
            rest = after[after.index(after: gt)...]
            if inside.hasPrefix("!") { continue }
            let closing = inside.hasPrefix("/")
            let name = (closing ? inside.dropFirst() : inside).prefix { $0.isLetter || $0.isNumber }.lowercased()
            guard !name.isEmpty else {
                problems.append("a '<' that starts no tag: <\(inside.prefix(30))")
                continue
            }
            if closing {
                guard let top = open.last else {
                    problems.append("</\(name)> with nothing open")
                    continue
                }
                guard top == name else { return problems + ["</\(name)> where <\(top)> is open"] }
                open.removeLast()
            } else if !voidElements.contains(name) && !inside.hasSuffix("/") {
                open.append(name)
            }
        }
        return problems + open.map { "<\($0)> is never closed" }
    }

    /// Values of an attribute (`href`, `src`, `action`, …) wherever it appears in `markup`.
    static func attributeValues(_ name: String, in markup: String) -> [String] {
        var values: [String] = []
        var rest = markup[...]
        while let found = rest.range(of: " \(name)=") {
            var value = rest[found.upperBound...]
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.dropFirst()
                values.append(String(value.prefix { $0 != quote }))
            } else {
                values.append(String(value.prefix { !$0.isWhitespace && $0 != ">" }))
            }
            rest = rest[found.upperBound...]
        }
        return values
    }
}
