import Core
import JSON

// `accounts`: one object per account; which keys it takes depends on its `provider`.
extension FileDecoder {
    static let commonAccountKeys = ConfigurationKeys.account

    static func credentialKeys(_ provider: Provider) -> [String] { ConfigurationKeys.credentials(provider) }

    static let providerList = "botadmin, yunzhenji, gowechat or wecom"

    mutating func decodeAccounts(_ node: JSONNode) -> [Account] {
        guard let elements = node.elements else {
            add(node.line, "accounts", "must be an array of accounts, got \(Self.shown(node, secret: false))")
            return []
        }
        var accounts: [Account] = []
        var firstIndex: [String: Int] = [:]  // "provider/name" → index, for duplicates
        for (index, element) in elements.enumerated() {
            let path = "accounts[\(index)]"
            guard let account = decodeAccount(element, at: path) else { continue }
            let identity = "\(account.provider.rawValue)/\(account.name)"
            if let first = firstIndex[identity] {
                add(element["name"]?.line ?? element.line, "\(path).name",
                    "\(quoted(account.name)) is already the name of the \(account.provider.rawValue) account accounts[\(first)]")
                continue
            }
            firstIndex[identity] = index
            accounts.append(account)
        }
        return accounts
    }

    private mutating func decodeAccount(_ node: JSONNode, at path: String) -> Account? {
        guard node.members != nil else {
            add(node.line, path, "must be an object, got \(Self.shown(node, secret: false))")
            return nil
        }
        // The provider decides which other keys are known, so it is read first.
        var provider: Provider?
        var providerProblem = false
        if let member = node.member("provider"), !isNull(member.value) {
            if case .string(let text) = member.value.kind, let known = Provider(rawValue: text) {
                provider = known
            } else {
                add(member.value.line, "\(path).provider",
                    "\(Self.shown(member.value, secret: false)) is not a provider (\(Self.providerList))")
                providerProblem = true
            }
        }
        let known = Self.commonAccountKeys + (provider.map(Self.credentialKeys)
            ?? Provider.allCases.flatMap(Self.credentialKeys))
        let explain: (String) -> String? = { key in
            guard let provider, let owner = Provider.allCases.first(where: { Self.credentialKeys($0).contains(key) })
            else { return nil }
            return "not a \(provider.rawValue) setting (it belongs to \(owner.rawValue) accounts)"
        }
        guard let fields = fields(of: node, at: path, known: known, unknown: explain) else { return nil }
        let problemsBefore = problems.count
        if provider == nil && !providerProblem {
            add(node.line, "\(path).provider", "required (\(Self.providerList))")
        }

        var name: String?
        if let member = fields["name"], let text = string(member, at: "\(path).name") {
            if Account.isValidName(text) {
                name = text
            } else {
                add(member.value.line, "\(path).name", "\(quoted(text)) is not a valid account name ([A-Za-z0-9_-]{1,64})")
            }
        } else if fields["name"] == nil {
            add(node.line, "\(path).name", "required")
        }

        var baseURL: String?
        if let member = fields["base_url"], let text = string(member, at: "\(path).base_url") {
            if let url = Self.normalizedBaseURL(text) {
                baseURL = url
            } else {
                add(member.value.line, "\(path).base_url", "must be an http:// or https:// URL, got \(quoted(text))")
            }
        }
        let selfIDs = fields["self_ids"].flatMap { strings($0, at: "\(path).self_ids") } ?? []
        let mentionNames = fields["mention_names"].flatMap { strings($0, at: "\(path).mention_names") } ?? []

        guard let provider, let credentials = decodeCredentials(provider, fields, node, at: path),
              let name, problems.count == problemsBefore else { return nil }
        return Account(name: name, baseURL: baseURL, credentials: credentials,
                       selfIDs: selfIDs, mentionNames: mentionNames)
    }

    private mutating func decodeCredentials(_ provider: Provider, _ fields: [String: JSONMember],
                                            _ node: JSONNode, at path: String) -> Account.Credentials? {
        switch provider {
        case .botadmin:
            let secret = required(fields, "secret", provider, node, at: path)
            guard let secret else { return nil }
            return .botadmin(secret: Secret(secret))
        case .yunzhenji:
            let appID = required(fields, "app_id", provider, node, at: path)
            let accessToken = required(fields, "access_token", provider, node, at: path)
            let wxid = required(fields, "wxid", provider, node, at: path)
            let callbackToken = fields["callback_token"].flatMap { string($0, at: "\(path).callback_token") }
            guard let appID, let accessToken, let wxid else { return nil }
            if fields["callback_token"] != nil && callbackToken == nil { return nil }
            return .yunzhenji(appID: appID, accessToken: Secret(accessToken), wxid: wxid,
                              callbackToken: callbackToken.map(Secret.init))
        case .gowechat:
            guard let token = required(fields, "token", provider, node, at: path) else { return nil }
            return .gowechat(token: Secret(token))
        case .wecom:
            guard let key = required(fields, "key", provider, node, at: path) else { return nil }
            return .wecom(key: Secret(key))
        }
    }

    /// A credential the provider cannot work without. Ids (`app_id`, `wxid`) may be written as
    /// numbers; secrets must be strings.
    private mutating func required(_ fields: [String: JSONMember], _ key: String, _ provider: Provider,
                                   _ node: JSONNode, at path: String) -> String? {
        guard let member = fields[key] else {
            add(node.line, "\(path).\(key)", "required for a \(provider.rawValue) account")
            return nil
        }
        if !Self.secretKeys.contains(key), case .int(let number) = member.value.kind {
            return String(number)
        }
        return string(member, at: "\(path).\(key)")
    }

    private func isNull(_ node: JSONNode) -> Bool {
        if case .null = node.kind { return true }
        return false
    }

    /// `http(s)://host…` without trailing slashes (senders append `/api/send` and the like), or nil.
    static func normalizedBaseURL(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else { return nil }
        var url = Substring(text)
        while url.hasSuffix("/") { url = url.dropLast() }
        let rest = url.dropFirst(scheme.count)
        guard !rest.isEmpty, !rest.hasPrefix("/"), !rest.contains(where: { $0 == " " || $0 == "?" || $0 == "#" })
        else { return nil }
        return String(url)
    }
}
