import JSON

/// One page of `GET /api/messages`: newest first, and how many match in all.
public struct OutboxPage: Sendable, Hashable {
    public let items: [OutboxMessage]
    /// Messages matching the filter, whatever the limit and offset.
    public let total: Int

    public init(items: [OutboxMessage], total: Int) {
        self.items = items
        self.total = total
    }

    /// `{"items":[…],"count":N,"total":T}`.
    public var json: JSONValue {
        .object(JSONObject([
            ("items", .array(items.map(\.json))),
            ("count", JSONValue(items.count)),
            ("total", JSONValue(total)),
        ]))
    }
}
