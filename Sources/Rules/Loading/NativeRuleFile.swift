import JSON

/// The native rule file: `{"rules": […], "default": {…}, "subscribe": {…}}` (docs/rules.md).
enum NativeRuleFile {
    static let topKeys = ["rules", "default", "subscribe"]
    static let ruleKeys = ["name", "keywords", "match", "priority", "scope", "reply", "cooldown_s", "enabled"]
    static let replyKeys = ["mode", "messages", "forward", "reply_within_s"]
    static let specialKeys = ["mode", "messages", "forward", "reply_within_s", "scope", "cooldown_s"]

    static func read(_ root: JSONNode, into reader: inout FileReader) -> ParsedFile {
        var parsed = ParsedFile()
        guard let top = reader.members(of: root, "a rule file", allowed: topKeys) else { return parsed }
        if let member = top["rules"], let elements = reader.array(member) {
            for (position, element) in elements.enumerated() {
                if let rule = rule(element, position: position, &reader, &parsed) { parsed.rules.append(rule) }
            }
        }
        if let member = top["default"] {
            parsed.defaultLine = member.keyLine
            parsed.defaultReply = special(member.value, RuleSet.defaultName, &reader)
        }
        if let member = top["subscribe"] {
            parsed.subscribeLine = member.keyLine
            parsed.subscribeReply = special(member.value, RuleSet.subscribeName, &reader)
        }
        return parsed
    }

    private static func rule(_ node: JSONNode, position: Int, _ reader: inout FileReader,
                             _ parsed: inout ParsedFile) -> Rule? {
        let label = node["name"].flatMap { $0.value.stringValue }.map { "rule \"\($0)\"" } ?? "a rule"
        guard let fields = reader.members(of: node, label, allowed: ruleKeys) else { return nil }
        let problemsBefore = reader.problems.count
        var name = ""
        if let member = fields["name"], let text = reader.string(member) {
            name = text
            parsed.ruleNames.append((name, member.value.line))
            if name == RuleSet.defaultName || name == RuleSet.subscribeName {
                reader.report(member.value.line, "rule name \"\(name)\" is reserved for the \(name) reply; use the top-level \"\(name)\" key")
            }
        } else if fields["name"] == nil {
            reader.report(node.line, "a rule needs a \"name\"")
        }
        var match = MatchKind.contains
        if let member = fields["match"], let kind = reader.matchKind(member) { match = kind }
        var keywords: [Keyword] = []
        if let member = fields["keywords"] {
            keywords = reader.keywords(member, rule: name, defaultMatch: match) ?? []
        } else {
            reader.report(node.line, "\(label) needs \"keywords\"")
        }
        var priority = 0
        if let member = fields["priority"], let value = reader.integer(member) { priority = value }
        var scope = RuleScope.any
        if let member = fields["scope"], let value = reader.scope(member.value) { scope = value }
        var reply: Reply?
        if let member = fields["reply"] {
            if let replyFields = reader.members(of: member.value, "the reply of \(label)", allowed: replyKeys) {
                reply = reader.reply(replyFields, at: member.value.line, "the reply of \(label)")
            }
        } else {
            reader.report(node.line, "\(label) needs a \"reply\"")
        }
        var cooldown = 0.0
        if let member = fields["cooldown_s"], let value = reader.seconds(member) { cooldown = value }
        var enabled = true
        if let member = fields["enabled"], let value = reader.bool(member) { enabled = value }
        guard reader.problems.count == problemsBefore, let reply else { return nil }
        return Rule(name: name, keywords: keywords, match: match, priority: priority, scope: scope, reply: reply,
                    cooldown: cooldown, enabled: enabled, file: reader.file, position: position, line: node.line)
    }

    /// The top-level `default` or `subscribe` reply.
    private static func special(_ node: JSONNode, _ name: String, _ reader: inout FileReader) -> SpecialReply? {
        guard let fields = reader.members(of: node, "the \(name) reply", allowed: specialKeys) else { return nil }
        let problemsBefore = reader.problems.count
        let reply = reader.reply(fields, at: node.line, "the \(name) reply")
        var scope = RuleScope.any
        if let member = fields["scope"], let value = reader.scope(member.value) { scope = value }
        var cooldown = 0.0
        if let member = fields["cooldown_s"], let value = reader.seconds(member) { cooldown = value }
        guard reader.problems.count == problemsBefore, let reply else { return nil }
        return SpecialReply(reply: reply, scope: scope, cooldown: cooldown, file: reader.file, line: node.line)
    }
}
