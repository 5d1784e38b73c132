import JSON

/// The 公众号 keyword-rule export (docs/rules.md, "The 公众号 export format"): a top-level array of
/// `{rule_name, keyword: [{content, fuzzy}], reply_id, reply_type}`; `__subscribe` and
/// `__default` are the follow and default replies; `reply_id`s resolve against `materials.json`.
enum ExportRuleFile {
    static let recordKeys = ["rule_name", "keyword", "reply_id", "reply_type", "id"]
    static let keywordKeys = ["content", "fuzzy", "id"]
    static let replyTypes = ["text", "image", "news", "video", "music", "link"]
    static let subscribeName = "__subscribe"
    static let defaultName = "__default"

    static func read(_ root: [JSONNode], materials: Materials, into reader: inout FileReader) -> ParsedFile {
        var parsed = ParsedFile()
        for (position, node) in root.enumerated() {
            let label = node["rule_name"].flatMap { $0.value.stringValue }.map { "rule \"\($0)\"" } ?? "a rule"
            guard let fields = reader.members(of: node, label, allowed: recordKeys) else { continue }
            let problemsBefore = reader.problems.count
            guard let nameMember = fields["rule_name"] else {
                reader.report(node.line, "a rule needs a \"rule_name\"")
                continue
            }
            guard let name = reader.string(nameMember) else { continue }
            let isSpecial = name == subscribeName || name == defaultName
            var keywords: [Keyword] = []
            if isSpecial {
                if let member = fields["keyword"], member.value.elements?.isEmpty != true {
                    reader.report(member.value.line, "\(name) takes no keywords")
                }
            } else if let member = fields["keyword"] {
                keywords = self.keywords(member, rule: name, &reader)
            } else {
                reader.report(node.line, "\(label) needs \"keyword\"")
            }
            if let member = fields["reply_type"], let type = reader.string(member), !replyTypes.contains(type) {
                reader.report(member.value.line, "unknown reply_type \"\(type)\" (known: \(replyTypes.joined(separator: ", ")))")
            }
            let message = self.message(fields["reply_id"], at: node.line, label, materials, &reader)
            switch name {
            case subscribeName: parsed.subscribeLine = nameMember.value.line
            case defaultName: parsed.defaultLine = nameMember.value.line
            default: parsed.ruleNames.append((name, nameMember.value.line))
            }
            guard reader.problems.count == problemsBefore, let message else { continue }
            let reply = Reply(mode: .all, messages: [message])
            switch name {
            case subscribeName:
                parsed.subscribeReply = SpecialReply(reply: reply, file: reader.file, line: node.line)
            case defaultName:
                parsed.defaultReply = SpecialReply(reply: reply, file: reader.file, line: node.line)
            default:
                parsed.rules.append(Rule(name: name, keywords: keywords, reply: reply, file: reader.file,
                                         position: position, line: node.line))
            }
        }
        return parsed
    }

    private static func keywords(_ member: JSONMember, rule: String, _ reader: inout FileReader) -> [Keyword] {
        guard let elements = reader.array(member) else { return [] }
        if elements.isEmpty { reader.report(member.value.line, "rule \"\(rule)\" has no keywords") }
        var keywords: [Keyword] = []
        for element in elements {
            guard let fields = reader.members(of: element, "a keyword", allowed: keywordKeys) else { continue }
            guard let content = fields["content"], let fuzzy = fields["fuzzy"] else {
                reader.report(element.line, "a keyword needs \"content\" and \"fuzzy\" (\"1\": contains, \"0\": exact)")
                continue
            }
            guard let text = reader.string(content, nonEmpty: false) else { continue }
            let match: MatchKind
            switch fuzzy.value.kind {
            case .string("1"), .int(1), .bool(true): match = .contains
            case .string("0"), .int(0), .bool(false): match = .exact
            default:
                reader.report(fuzzy.value.line, "unknown fuzzy value \(fuzzy.value.value) (\"1\", 1 or true: contains; \"0\", 0 or false: exact)")
                continue
            }
            if let keyword = reader.keyword(text, match, line: content.value.line) { keywords.append(keyword) }
        }
        return keywords
    }

    /// The material `reply_id` names.
    private static func message(_ member: JSONMember?, at line: Int, _ label: String, _ materials: Materials,
                                _ reader: inout FileReader) -> MessageTemplate? {
        guard let member else {
            reader.report(line, "\(label) needs \"reply_id\"")
            return nil
        }
        guard let id = member.value.value.stringValue else {
            return reader.wrongType(member, "a string")
        }
        if let message = materials.items[id] { return message }
        // A bad material, or a materials file that does not parse, is reported there, once.
        if materials.ids.contains(id) || (materials.present && !materials.readable) { return nil }
        let hint = materials.present ? "not in \(Materials.fileName)" : "there is no \(Materials.fileName) in the folder"
        reader.report(member.value.line, "unknown reply_id \"\(id)\" (\(hint))")
        return nil
    }
}
