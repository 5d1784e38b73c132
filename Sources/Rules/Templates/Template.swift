/// A variable a reply template may use (docs/rules.md, "Replies and templates").
public enum TemplateVariable: String, Sendable, Hashable, CaseIterable {
    case sender, conversation, account, text, date, time
}

/// `{{name}}` naming no known variable.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public var description: String {
        let known = TemplateVariable.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
        return "unknown template variable {{\(name)}} (known: \(known))"
    }
}

/// A string with `{{variable}}` placeholders, parsed once when the rule set loads.
/// Spaces inside the braces are allowed (`{{ sender }}`); a `{{` without a closing `}}` is text.
public struct Template: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case variable(TemplateVariable)
    }

    let segments: [Segment]

    public init(parsing source: String) throws(TemplateError) {
        let bytes = Array(source.utf8)
        var segments: [Segment] = []
        var literalStart = 0
        var index = 0
        while let open = Self.find(UInt8(ascii: "{"), in: bytes, from: index) {
            guard let close = Self.find(UInt8(ascii: "}"), in: bytes, from: open + 2) else { break }
            let name = String(decoding: bytes[(open + 2)..<close], as: UTF8.self)
                .trimmingCharacters(where: { $0 == " " })
            guard let variable = TemplateVariable(rawValue: name) else { throw TemplateError(name: name) }
            if literalStart < open {
                segments.append(.literal(String(decoding: bytes[literalStart..<open], as: UTF8.self)))
            }
            segments.append(.variable(variable))
            index = close + 2
            literalStart = index
        }
        if literalStart < bytes.count || segments.isEmpty {
            segments.append(.literal(String(decoding: bytes[literalStart...], as: UTF8.self)))
        }
        self.segments = segments
    }

    /// Whether rendering can differ from the source text.
    public var usesVariables: Bool {
        segments.contains { if case .variable = $0 { true } else { false } }
    }

    /// Whether the template reads `variable`.
    public func uses(_ variable: TemplateVariable) -> Bool {
        segments.contains { $0 == .variable(variable) }
    }

    public func render(_ context: TemplateContext) -> String {
        if segments.count == 1, case .literal(let text) = segments[0] { return text }
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .variable(let variable): out += context.value(of: variable)
            }
        }
        return out
    }

    /// The index of the first of two consecutive `brace` bytes at or after `start`.
    private static func find(_ brace: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == brace, bytes[index + 1] == brace { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(where predicate: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !predicate($0) }),
              let last = lastIndex(where: { !predicate($0) }) else { return "" }
        return String(self[first...last])
    }
}
