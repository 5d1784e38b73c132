import Core
import JSON

// `forward`: one object per subscription (docs/forwarding.md). The secret is checked for its form
// (`whsec_` + base64 of 24–64 bytes) and never quoted back.
extension FileDecoder {
    static let subscriptionKeys = ConfigurationKeys.subscription
    static let eventTypeList = ForwardType.allCases.map(\.rawValue).joined(separator: ", ")

    mutating func decodeSubscriptions(_ node: JSONNode) -> [Subscription] {
        guard let elements = node.elements else {
            add(node.line, "forward", "must be an array of subscriptions, got \(Self.shown(node, secret: false))")
            return []
        }
        var subscriptions: [Subscription] = []
        var firstIndex: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let path = "forward[\(index)]"
            guard let subscription = decodeSubscription(element, at: path) else { continue }
            if let first = firstIndex[subscription.name] {
                add(element["name"]?.line ?? element.line, "\(path).name",
                    "\(quoted(subscription.name)) is already the name of forward[\(first)]")
                continue
            }
            firstIndex[subscription.name] = index
            subscriptions.append(subscription)
        }
        return subscriptions
    }

    private mutating func decodeSubscription(_ node: JSONNode, at path: String) -> Subscription? {
        guard let fields = fields(of: node, at: path, known: Self.subscriptionKeys) else { return nil }
        let problemsBefore = problems.count
        var name: String?
        if let member = fields["name"], let text = string(member, at: "\(path).name") {
            if Subscription.isValidName(text) {
                name = text
            } else {
                add(member.value.line, "\(path).name",
                    "\(quoted(text)) is not a valid subscription name ([A-Za-z0-9_-]{1,64})")
            }
        } else if fields["name"] == nil {
            add(node.line, "\(path).name", "required")
        }
        var url: String?
        if let member = fields["url"], let text = string(member, at: "\(path).url") {
            if Self.isWebhookURL(text) {
                url = text
            } else {
                add(member.value.line, "\(path).url", "must be an http:// or https:// URL, got \(quoted(text))")
            }
        } else if fields["url"] == nil {
            add(node.line, "\(path).url", "required")
        }
        var secret: (WebhookSecret, Secret)?
        if let member = fields["secret"], let text = string(member, at: "\(path).secret") {
            do throws(WebhookSecretError) {
                secret = (try WebhookSecret(text), Secret(text))
            } catch {
                add(member.value.line, "\(path).secret", error.description)
            }
        } else if fields["secret"] == nil {
            add(node.line, "\(path).secret", "required (whsec_ followed by the base64 of 24 to 64 random bytes)")
        }
        var filter = ForwardFilter()
        if let member = fields["events"], let names = strings(member, at: "\(path).events") {
            var types = Set<ForwardType>()
            for (index, text) in names.enumerated() {
                if let type = ForwardType(rawValue: text) {
                    types.insert(type)
                } else {
                    add(member.value.elements?[index].line ?? member.value.line, "\(path).events[\(index)]",
                        "\(quoted(text)) is not an event type (\(Self.eventTypeList))")
                }
            }
            filter.events = types
        }
        if let member = fields["providers"], let names = strings(member, at: "\(path).providers") {
            var providers = Set<Provider>()
            for (index, text) in names.enumerated() {
                if let provider = Provider(rawValue: text) {
                    providers.insert(provider)
                } else {
                    add(member.value.elements?[index].line ?? member.value.line, "\(path).providers[\(index)]",
                        "\(quoted(text)) is not a provider (\(Self.providerList))")
                }
            }
            filter.providers = providers
        }
        if let member = fields["accounts"], let names = strings(member, at: "\(path).accounts") {
            filter.accounts = Set(names)
        }
        if let member = fields["chats"], let names = strings(member, at: "\(path).chats") {
            var chats = Set<ChatKind>()
            for (index, text) in names.enumerated() {
                if let chat = ChatKind(rawValue: text) {
                    chats.insert(chat)
                } else {
                    add(member.value.elements?[index].line ?? member.value.line, "\(path).chats[\(index)]",
                        "\(quoted(text)) is not a chat kind (private or group)")
                }
            }
            filter.chats = chats
        }
        var timeoutMs = 5000, maxAttempts = 8, retryBaseMs = 1000
        integer(fields, "timeout_ms", in: path, minimum: 1) { timeoutMs = $0 }
        integer(fields, "max_attempts", in: path, minimum: 1) { maxAttempts = $0 }
        integer(fields, "retry_base_ms", in: path, minimum: 1) { retryBaseMs = $0 }
        guard let name, let url, let secret, problems.count == problemsBefore else { return nil }
        return Subscription(name: name, url: url, secret: secret.0, secretText: secret.1, filter: filter,
                            timeoutMs: timeoutMs, maxAttempts: maxAttempts, retryBaseMs: retryBaseMs)
    }

    /// `http(s)://` followed by a host, without spaces: where a webhook can be POSTed.
    static func isWebhookURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else { return false }
        let rest = text.dropFirst(scheme.count)
        return !rest.isEmpty && !rest.hasPrefix("/")
            && !rest.contains { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } ?? false }
    }
}
