import Core
import JSON

extension FileReader {
    static let scopeKeys = ["providers", "accounts", "chats", "require_mention"]

    /// A reply object: `mode` and 1–5 `messages`. `members` are the object's already-checked members.
    mutating func reply(_ members: [String: JSONMember], at line: Int, _ what: String) -> Reply? {
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
