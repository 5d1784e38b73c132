/// One bot account of one provider, as configured under `accounts`: the one shape an account has
/// everywhere — the configuration decodes into it, the provider adapters send and check
/// credentials from it, the service routes by it. Its credentials are typed per provider and
/// every secret is a `Secret`, so printing an account never shows one.
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
