import JSON

/// Reads the located JSON of one file, noting every problem instead of stopping at the first:
/// a refused set lists all its problems at once.
struct FileReader {
    let file: String
    /// The configured subscriptions a `forward` may name; nil: not checked (no configuration).
    let subscriptions: Set<String>?
    private(set) var problems: [RuleLoadError] = []

    init(file: String, subscriptions: Set<String>? = nil) {
        self.file = file
        self.subscriptions = subscriptions
    }

    mutating func report(_ line: Int, _ message: String) {
        problems.append(RuleLoadError(file: file, line: line, message: message))
    }

    /// The members of an object by key, after reporting unknown and repeated keys; nil (and a
    /// problem) when `node` is not an object.
    mutating func members(of node: JSONNode, _ what: String, allowed: [String]) -> [String: JSONMember]? {
        guard let members = node.members else {
            report(node.line, "\(what) must be an object, found \(node.typeName)")
            return nil
        }
        var byKey: [String: JSONMember] = [:]
        for member in members {
            if let earlier = byKey[member.key] {
                report(member.keyLine, "key \"\(member.key)\" repeated in \(what) (first at line \(earlier.keyLine))")
            } else if !allowed.contains(member.key) {
                report(member.keyLine, "unknown key \"\(member.key)\" in \(what) (allowed: \(allowed.joined(separator: ", ")))")
            } else {
                byKey[member.key] = member
            }
        }
        return byKey
    }

    mutating func string(_ member: JSONMember, nonEmpty: Bool = true) -> String? {
        guard case .string(let text) = member.value.kind else { return wrongType(member, "a string") }
        if nonEmpty && text.isEmpty {
            report(member.value.line, "\"\(member.key)\" must not be empty")
            return nil
        }
        return text
    }

    mutating func integer(_ member: JSONMember) -> Int? {
        guard case .int(let number) = member.value.kind, let value = Int(exactly: number) else {
            return wrongType(member, "an integer")
        }
        return value
    }

    mutating func bool(_ member: JSONMember) -> Bool? {
        guard case .bool(let flag) = member.value.kind else { return wrongType(member, "true or false") }
        return flag
    }

    /// A number of seconds, 0 or more.
    mutating func seconds(_ member: JSONMember) -> Double? {
        let value: Double
        switch member.value.kind {
        case .int(let number): value = Double(number)
        case .double(let number): value = number
        default: return wrongType(member, "a number of seconds")
        }
        guard value >= 0, value.isFinite else {
            report(member.value.line, "\"\(member.key)\" must be 0 or more seconds")
            return nil
        }
        return value
    }

    mutating func array(_ member: JSONMember) -> [JSONNode]? {
        guard let elements = member.value.elements else { return wrongType(member, "an array") }
        return elements
    }

    /// A non-empty array of non-empty strings.
    mutating func strings(_ member: JSONMember) -> [(text: String, line: Int)]? {
        guard let elements = array(member) else { return nil }
        if elements.isEmpty {
            report(member.value.line, "\"\(member.key)\" is empty and would match nothing; leave it out to mean any")
            return nil
        }
        var result: [(text: String, line: Int)] = []
        for element in elements {
            guard case .string(let text) = element.kind, !text.isEmpty else {
                let found = element.typeName == "string" ? "an empty string" : element.typeName
                report(element.line, "\"\(member.key)\" must list non-empty strings, found \(found)")
                return nil
            }
            result.append((text, element.line))
        }
        return result
    }

    mutating func wrongType<T>(_ member: JSONMember, _ expected: String) -> T? {
        report(member.value.line, "\"\(member.key)\" must be \(expected), found \(member.value.typeName)")
        return nil
    }
}
