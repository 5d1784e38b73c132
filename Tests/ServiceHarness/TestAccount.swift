/// The accounts a `TestService` can configure, one per provider (two for yunzhenji: with and
/// without a callback token), and the credentials the tests sign their requests with.
package enum TestAccount: String, Sendable, CaseIterable {
    /// botadmin; `bot-self` is the account itself, `@小助手` mentions it.
    case shop
    /// yunzhenji, callbacks carry `?token=`.
    case sales
    /// yunzhenji without a callback token.
    case open
    /// gowechat.
    case home
    /// wecom.
    case ops

    package static let all = allCases

    package static let shopSecret = "shop-secret-e2e"
    package static let salesToken = "yzj-token-e2e"
    package static let openToken = "yzj-open-token-e2e"
    package static let callbackToken = "cb-token-e2e"
    package static let goToken = "go-token-e2e"
    package static let wecomKey = "wecom-key-e2e"
    package static let salesWxid = "16888"
    package static let openWxid = "17888"
    /// Every credential above: none may appear in an answer or a log.
    package static let secrets = [shopSecret, salesToken, openToken, callbackToken, goToken, wecomKey]

    func json(baseURL: String, goToken: String) -> [String: Any] {
        switch self {
        case .shop:
            ["provider": "botadmin", "name": "shop", "base_url": baseURL, "secret": Self.shopSecret,
             "self_ids": ["bot-self"], "mention_names": ["小助手"]]
        case .sales:
            ["provider": "yunzhenji", "name": "sales", "base_url": baseURL, "app_id": "app-e2e",
             "access_token": Self.salesToken, "wxid": Self.salesWxid, "callback_token": Self.callbackToken]
        case .open:
            ["provider": "yunzhenji", "name": "open", "base_url": baseURL, "app_id": "app-open",
             "access_token": Self.openToken, "wxid": Self.openWxid]
        case .home:
            ["provider": "gowechat", "name": "home", "base_url": baseURL, "token": goToken]
        case .ops:
            ["provider": "wecom", "name": "ops", "base_url": baseURL, "key": Self.wecomKey]
        }
    }

    /// A bot-admin text webhook for `shop`, signed with `secret`.
    package static func botadminBody(text: String, conversation: String = "conv-1", sender: String = "user-1",
                                     secret: String = shopSecret) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"secret":"\#(secret)","msgtype":"text","conversation_id":"\#(conversation)","sender":"\#(sender)","text":{"content":"\#(escaped)"}}"#
    }
}
