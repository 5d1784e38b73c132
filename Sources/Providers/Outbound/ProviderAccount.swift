import Core

/// One provider account as the send adapters and the simulator need it. The service maps its
/// configuration into this; credentials a provider does not use stay empty.
public struct ProviderAccount: Sendable, Hashable {
    public var provider: Provider
    /// The account's name in configuration and URLs (`/hooks/{provider}/{name}`).
    public var name: String
    /// The provider's API root, e.g. `https://oapi-yzj.miaokol.com`; a trailing `/` is ignored.
    public var baseURL: String
    /// botadmin: the `secret` query parameter (and the webhook body's `secret`).
    public var secret: String
    /// yunzhenji: `app_id`, `access_token` and the account's own `wxid`.
    public var appID: String
    public var accessToken: String
    public var wxid: String
    /// yunzhenji: the `token` query parameter its callbacks carry.
    public var callbackToken: String
    /// gowechat: the Bearer token.
    public var token: String
    /// wecom: the robot's webhook `key`.
    public var key: String

    public init(provider: Provider, name: String, baseURL: String, secret: String = "",
                appID: String = "", accessToken: String = "", wxid: String = "",
                callbackToken: String = "", token: String = "", key: String = "") {
        self.provider = provider
        self.name = name
        self.baseURL = baseURL
        self.secret = secret
        self.appID = appID
        self.accessToken = accessToken
        self.wxid = wxid
        self.callbackToken = callbackToken
        self.token = token
        self.key = key
    }
}

extension ProviderAccount: CustomStringConvertible, CustomDebugStringConvertible {
    /// Names the account and which credentials are set, never their values: this may be logged.
    public var description: String {
        var set: [String] = []
        if !secret.isEmpty { set.append("secret") }
        if !appID.isEmpty { set.append("app_id") }
        if !accessToken.isEmpty { set.append("access_token") }
        if !wxid.isEmpty { set.append("wxid=\(wxid)") }
        if !callbackToken.isEmpty { set.append("callback_token") }
        if !token.isEmpty { set.append("token") }
        if !key.isEmpty { set.append("key") }
        let credentials = set.isEmpty ? "none" : set.joined(separator: ",")
        return "\(provider.rawValue)/\(name) \(baseURL) credentials:\(credentials)"
    }

    public var debugDescription: String { description }
}
