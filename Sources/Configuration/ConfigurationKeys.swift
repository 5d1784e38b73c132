import Core

/// Every key the config file takes, by the object it sits in. The decoder accepts exactly these
/// (anything else is an `unknown key` problem), and docs/configuration.md must list exactly these:
/// a test holds the two together.
public enum ConfigurationKeys {
    public static let root = ["listen", "database", "rules", "admin_token", "limits", "delivery", "pacing",
                              "dedupe_window_s", "durability", "timezone", "retention", "lease_s", "accounts", "forward"]
    public static let limits = ["max_body_bytes", "header_timeout_ms", "idle_timeout_ms"]
    public static let delivery = ["confirm_after_s", "expire_after_s", "max_attempts", "retry_base_ms", "send_timeout_ms"]
    public static let pacing = ["per_account_per_minute"]
    public static let retention = ["events_days", "messages_days", "forwards_days"]
    /// The keys of every account, whatever its provider.
    public static let account = ["provider", "name", "base_url", "self_ids", "mention_names"]
    public static let subscription = ["name", "url", "secret", "events", "providers", "accounts", "chats", "timeout_ms",
                                      "max_attempts", "retry_base_ms"]

    /// The credential keys an account of `provider` takes.
    public static func credentials(_ provider: Provider) -> [String] {
        switch provider {
        case .botadmin: ["secret"]
        case .yunzhenji: ["app_id", "access_token", "wxid", "callback_token"]
        case .gowechat: ["token"]
        case .wecom: ["key"]
        }
    }

    /// Every key as a path, objects included: `limits`, `limits.max_body_bytes`,
    /// `accounts[].secret`, `forward[].url`.
    public static var paths: Set<String> {
        var all = Set(root)
        for (object, keys) in [("limits", limits), ("delivery", delivery), ("pacing", pacing), ("retention", retention)] {
            all.formUnion(keys.map { "\(object).\($0)" })
        }
        all.formUnion((account + Provider.allCases.flatMap(credentials)).map { "accounts[].\($0)" })
        all.formUnion(subscription.map { "forward[].\($0)" })
        return all
    }
}
