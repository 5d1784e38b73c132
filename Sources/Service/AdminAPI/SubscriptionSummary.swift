import Core
import JSON

/// What the admin API shows of a configured subscription: its name, URL and filters — never its
/// secret, which this value does not hold.
public struct SubscriptionSummary: Sendable, Hashable {
    public var name: String
    public var url: String
    public var filter: ForwardFilter

    public init(name: String, url: String, filter: ForwardFilter = ForwardFilter()) {
        self.name = name
        self.url = url
        self.filter = filter
    }

    /// What the admin API may show of a configured subscription (all but its secret).
    public init(_ subscription: Subscription) {
        self.init(name: subscription.name, url: subscription.url, filter: subscription.filter)
    }

    /// `{"name","url","events","providers","accounts","chats"}`: an absent filter is null; lists
    /// sorted, so the answer does not depend on set order.
    var json: JSONObject {
        func list(_ values: [String]?) -> JSONValue {
            values.map { .array($0.sorted().map { JSONValue($0) }) } ?? .null
        }
        return JSONObject([
            ("name", .string(name)),
            ("url", .string(url)),
            ("events", list(filter.events.map { $0.map(\.rawValue) })),
            ("providers", list(filter.providers.map { $0.map(\.rawValue) })),
            ("accounts", list(filter.accounts.map { Array($0) })),
            ("chats", list(filter.chats.map { $0.map(\.rawValue) })),
        ])
    }
}
