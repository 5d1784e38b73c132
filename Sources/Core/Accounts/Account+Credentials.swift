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
