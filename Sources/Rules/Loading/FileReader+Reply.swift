import Core
import JSON

extension FileReader {
    static let scopeKeys = ["providers", "accounts", "chats", "require_mention"]

    /// A reply object: `mode` and 1–5 `messages`, or `forward` (and `reply_within_s`) handing the
    /// message to an application. `members` are the object's already-checked members.
    mutating func reply(_ members: [String: JSONMember], at line: Int, _ what: String) -> Reply? {
        if members["forward"] != nil { return handoff(members, what) }
        if let member = members["reply_within_s"] {
            report(member.keyLine, "\(what) has \"reply_within_s\" without \"forward\" (it says how long an application may take)")
            return nil
        }
        var mode = ReplyMode.all
        if let member = members["mode"], let name = string(member) {
            if let known = ReplyMode(rawValue: name) {
                mode = known
            } else {
                report(member.value.line, "unknown reply mode \"\(name)\" (known: all, random)")
            }
        }
        guard let member = members["messages"] else {
            report(line, "\(what) needs \"messages\" (1 to \(Reply.maxMessages) message items)")
            return nil
        }
        guard let elements = array(member) else { return nil }
        if elements.isEmpty {
            report(member.value.line, "\(what) needs at least one message")
            return nil
        }
        if elements.count > Reply.maxMessages {
            report(member.value.line, "\(what) has \(elements.count) messages; at most \(Reply.maxMessages) are allowed")
            return nil
        }
        var messages: [MessageTemplate] = []
        for element in elements {
            if let message = messageTemplate(element) { messages.append(message) }
        }
        return messages.count == elements.count ? Reply(mode: mode, messages: messages) : nil
    }

    /// `{"forward": "NAME", "reply_within_s": N}`: NAME must be a configured subscription (when
    /// the loader was told them), and neither `mode` nor `messages` may sit beside it.
    private mutating func handoff(_ members: [String: JSONMember], _ what: String) -> Reply? {
        guard let member = members["forward"] else { return nil }
        var valid = true
        for key in ["mode", "messages"] {
            if let other = members[key] {
                report(other.keyLine, "\(what) has both \"forward\" and \"\(key)\"; an application's answer is the reply")
                valid = false
            }
        }
        guard let name = string(member) else { return nil }
        if let subscriptions, !subscriptions.contains(name) {
            let known = subscriptions.isEmpty ? "none is configured" : "configured: " + subscriptions.sorted().joined(separator: ", ")
            report(member.value.line, "\(what) forwards to \"\(name)\", which is no subscription of the configuration's \"forward\" (\(known))")
            valid = false
        }
        var within = Handoff.defaultReplyWithinSeconds
        if let limit = members["reply_within_s"] {
            let before = problems.count
            if let seconds = seconds(limit), seconds > 0 {
                within = seconds
            } else {
                if problems.count == before { report(limit.value.line, "\"reply_within_s\" must be more than 0 seconds") }
                valid = false
            }
        }
        return valid ? Reply(handoff: Handoff(subscription: name, replyWithinSeconds: within)) : nil
    }

    /// One message item, checked by Core's `MessageItem(json:)`, its strings parsed as templates.
    mutating func messageTemplate(_ node: JSONNode) -> MessageTemplate? {
        if let members = node.members, let typeName = node["type"].flatMap({ $0.value.stringValue }),
           let type = MessageType(rawValue: typeName), let allowed = Self.itemKeys[type] {
            var valid = true
            for member in members where !allowed.contains(member.key) {
                report(member.keyLine, "unknown key \"\(member.key)\" in a \(typeName) message (allowed: \(allowed.joined(separator: ", ")))")
                valid = false
            }
            guard valid else { return nil }
        }
        let item: MessageItem
        do {
            item = try MessageItem(json: node.value)
        } catch {
            report(node.line, error.message)
            return nil
        }
        guard templatesParse(in: node) else { return nil }
        do {
            return try MessageTemplate(item)
        } catch {
            report(node.line, error.description)
            return nil
        }
    }

    /// The keys each item type may carry; a mini-program card passes any through.
    private static let itemKeys: [MessageType: [String]] = [
        .text: ["type", "text"],
        .image: ["type", "url"],
        .link: ["type", "title", "url", "desc", "image_url"],
        .file: ["type", "title", "url"],
        .voice: ["type", "url", "duration"],
    ]

    /// Reports every string in `node` with an unknown `{{variable}}`, at the string's line.
    private mutating func templatesParse(in node: JSONNode) -> Bool {
        switch node.kind {
        case .string(let text):
            do {
                _ = try Template(parsing: text)
                return true
            } catch {
                report(node.line, error.description)
                return false
            }
        case .array(let elements):
            var valid = true
            for element in elements where !templatesParse(in: element) { valid = false }
            return valid
        case .object(let members):
            var valid = true
            for member in members where !templatesParse(in: member.value) { valid = false }
            return valid
        default:
            return true
        }
    }

    /// A `scope` object.
    mutating func scope(_ node: JSONNode) -> RuleScope? {
        guard let members = members(of: node, "scope", allowed: Self.scopeKeys) else { return nil }
        var scope = RuleScope()
        var valid = true
        if let member = members["providers"] {
            if let names = strings(member) {
                var providers: [Provider] = []
                for (name, line) in names {
                    if let provider = Provider(rawValue: name) {
                        providers.append(provider)
                    } else {
                        let known = Provider.allCases.map(\.rawValue).joined(separator: ", ")
                        report(line, "unknown provider \"\(name)\" (known: \(known))")
                        valid = false
                    }
                }
                scope.providers = providers
            } else {
                valid = false
            }
        }
        if let member = members["accounts"] {
            if let names = strings(member) { scope.accounts = names.map(\.text) } else { valid = false }
        }
        if let member = members["chats"] {
            if let names = strings(member) {
                var chats: [ChatKind] = []
                for (name, line) in names {
                    if let chat = ChatKind(rawValue: name) {
                        chats.append(chat)
                    } else {
                        report(line, "unknown chat \"\(name)\" (known: private, group)")
                        valid = false
                    }
                }
                scope.chats = chats
            } else {
                valid = false
            }
        }
        if let member = members["require_mention"] {
            if let flag = bool(member) { scope.requireMention = flag } else { valid = false }
        }
        return valid ? scope : nil
    }
}
