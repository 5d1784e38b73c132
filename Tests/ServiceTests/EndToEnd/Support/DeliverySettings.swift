import Foundation

/// The configuration both `wxhook sim --config` and the service read: one account per provider,
/// all pointing at the simulator, with timers short enough that every path ends in seconds.
struct DeliverySettings: Sendable {
    var confirmAfterS = 1
    var expireAfterS = 3
    var maxAttempts = 5
    var retryBaseMs = 50
    var sendTimeoutMs = 10_000
    var perAccountPerMinute = 100_000
    /// The gowechat token the simulator expects; another than the service's makes it answer 401.
    var simulatorGoToken = Self.goToken
    /// The service's `admin_token`; the stack's `api` client sends it.
    var adminToken: String? = nil
    /// `WXHOOK_LOG` for a `wxhook serve` child.
    var logLevel = "info"
    /// `dedupe_window_s`; nil leaves the service's default (10 s).
    var dedupeWindowS: Int?

    static let shopSecret = "shop-secret-e2e"
    static let salesToken = "yzj-token-e2e"
    static let callbackToken = "cb-token-e2e"
    static let goToken = "go-token-e2e"
    static let wecomKey = "wecom-key-e2e"
    static let salesWxid = "16888"

    /// The file's text. `simulator` is every account's `base_url`; `forSimulator` writes the
    /// credentials the simulator checks.
    func json(listenPort: Int, simulator: String, directory: TemporaryDirectory, forSimulator: Bool = false) throws -> String {
        let accounts: [[String: Any]] = [
            ["provider": "botadmin", "name": "shop", "base_url": simulator, "secret": Self.shopSecret],
            ["provider": "yunzhenji", "name": "sales", "base_url": simulator, "app_id": "app-e2e",
             "access_token": Self.salesToken, "wxid": Self.salesWxid, "callback_token": Self.callbackToken],
            ["provider": "gowechat", "name": "home", "base_url": simulator, "token": forSimulator ? simulatorGoToken : Self.goToken],
            ["provider": "wecom", "name": "ops", "base_url": simulator, "key": Self.wecomKey],
        ]
        var object: [String: Any] = [
            "listen": "127.0.0.1:\(listenPort)",
            "database": directory.file("data/wxhook.sqlite"),
            "rules": directory.file("Rules"),
            "delivery": ["confirm_after_s": confirmAfterS, "expire_after_s": expireAfterS, "max_attempts": maxAttempts,
                         "retry_base_ms": retryBaseMs, "send_timeout_ms": sendTimeoutMs],
            "pacing": ["per_account_per_minute": perAccountPerMinute],
            "accounts": accounts,
        ]
        if let adminToken { object["admin_token"] = adminToken }
        if let dedupeWindowS { object["dedupe_window_s"] = dedupeWindowS }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
