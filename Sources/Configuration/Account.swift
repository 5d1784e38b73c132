import Core

/// One bot account of one provider, as configured under `accounts`.
public struct Account: Sendable, Hashable {
    /// Unique per provider; appears in URLs (`/hooks/botadmin/{name}`): `[A-Za-z0-9_-]{1,64}`.
    public var name: String
    /// The provider's API root without a trailing `/`, e.g. `https://qyapi.weixin.qq.com`.
    public var baseURL: String
    /// What the provider needs to authenticate; its case fixes the provider.
    public var credentials: Credentials
    /// Sender ids that are this account itself: messages from them are never answered.
    public var selfIDs: [String]
    /// Display names of the account: `@` + one of them in a group text mentions it.
    public var mentionNames: [String]

    /// `baseURL` nil means the provider's usual address (`Account.defaultBaseURL(for:)`).
    public init(name: String, baseURL: String? = nil, credentials: Credentials,
                selfIDs: [String] = [], mentionNames: [String] = []) {
        self.name = name
        self.baseURL = baseURL ?? Self.defaultBaseURL(for: credentials.provider)
        self.credentials = credentials
        self.selfIDs = selfIDs
        self.mentionNames = mentionNames
    }

    public var provider: Provider { credentials.provider }

    /// Whether `name` is a valid account name: 1 to 64 of `A-Z a-z 0-9 _ -`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        return !bytes.isEmpty && bytes.count <= 64 && bytes.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}

extension Account {
    /// The provider-specific settings. Each case holds exactly what its provider requires, so a
    /// loaded configuration cannot lack one (the loader reports a missing one by key and line).
    public enum Credentials: Sendable, Hashable {
        /// bot-admin: `secret`, sent with every call and expected in every webhook body.
        case botadmin(secret: Secret)
        /// 云真机: `app_id`, `access_token`, `wxid` for sending; `callback_token`, when set, must
        /// be the `token` query parameter of every callback.
        case yunzhenji(appID: String, accessToken: Secret, wxid: String, callbackToken: Secret?)
        /// go-wechat: the bearer `token`.
        case gowechat(token: Secret)
        /// WeCom group robot: the webhook `key`.
        case wecom(key: Secret)

        public var provider: Provider {
            switch self {
            case .botadmin: .botadmin
            case .yunzhenji: .yunzhenji
            case .gowechat: .gowechat
            case .wecom: .wecom
            }
        }

        /// Every secret this case holds.
        public var secrets: [Secret] {
            switch self {
            case .botadmin(let secret): [secret]
            case .yunzhenji(_, let accessToken, _, let callbackToken): [accessToken] + (callbackToken.map { [$0] } ?? [])
            case .gowechat(let token): [token]
            case .wecom(let key): [key]
            }
        }
    }
}

// Direct reads for callers that know the provider already; nil for another provider's account.
extension Account {
    /// botadmin `secret`.
    public var secret: Secret? {
        if case .botadmin(let secret) = credentials { return secret }
        return nil
    }

    /// yunzhenji `app_id`.
    public var appID: String? {
        if case .yunzhenji(let appID, _, _, _) = credentials { return appID }
        return nil
    }

    /// yunzhenji `access_token`.
    public var accessToken: Secret? {
        if case .yunzhenji(_, let accessToken, _, _) = credentials { return accessToken }
        return nil
    }

    /// yunzhenji `wxid`.
    public var wxid: String? {
        if case .yunzhenji(_, _, let wxid, _) = credentials { return wxid }
        return nil
    }

    /// yunzhenji `callback_token` (optional even there).
    public var callbackToken: Secret? {
        if case .yunzhenji(_, _, _, let callbackToken) = credentials { return callbackToken }
        return nil
    }

    /// gowechat `token`.
    public var token: Secret? {
        if case .gowechat(let token) = credentials { return token }
        return nil
    }

    /// wecom `key`.
    public var key: Secret? {
        if case .wecom(let key) = credentials { return key }
        return nil
    }
}

extension Account: CustomStringConvertible, CustomDebugStringConvertible {
    /// `botadmin/shop` followed by the settings, secrets shown as `<redacted>`.
    public var description: String {
        var parts = ["base_url: \(baseURL)"]
        switch credentials {
        case .botadmin:
            parts.append("secret: <redacted>")
        case .yunzhenji(let appID, _, let wxid, let callbackToken):
            parts += ["app_id: \(appID)", "access_token: <redacted>", "wxid: \(wxid)",
                      "callback_token: \(callbackToken == nil ? "unset" : "<redacted>")"]
        case .gowechat:
            parts.append("token: <redacted>")
        case .wecom:
            parts.append("key: <redacted>")
        }
        if !selfIDs.isEmpty { parts.append("self_ids: \(selfIDs)") }
        if !mentionNames.isEmpty { parts.append("mention_names: \(mentionNames)") }
        return "\(provider.rawValue)/\(name) (\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { "Account(\(description))" }
}

extension Account {
    /// The API root an account uses when its `base_url` is not set: the public services'
    /// addresses, and go-wechat's usual local port.
    public static func defaultBaseURL(for provider: Provider) -> String {
        switch provider {
        case .botadmin: "https://bot-admin.minapp.xin"
        case .yunzhenji: "https://oapi-yzj.miaokol.com"
        case .gowechat: "http://127.0.0.1:10614"
        case .wecom: "https://qyapi.weixin.qq.com"
        }
    }
}
