import JSON

/// What a list's item looks like in the admin API's answers.
public protocol JSONRepresentable {
    var json: JSONValue { get }
}

/// One page of a list (events, messages, forwards): newest first, and how many match in all.
public struct Page<Item: Sendable & Hashable>: Sendable, Hashable {
    public let items: [Item]
    /// Items matching the filter, whatever the limit and offset.
    public let total: Int

    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

extension Page where Item: JSONRepresentable {
    /// `{"items":[…],"count":N,"total":T}`.
    public var json: JSONValue {
        .object(JSONObject([
            ("items", .array(items.map(\.json))),
            ("count", JSONValue(items.count)),
            ("total", JSONValue(total)),
        ]))
    }
}

/// One page of `GET /api/events`.
public typealias EventPage = Page<StoredEvent>
/// One page of `GET /api/messages`.
public typealias OutboxPage = Page<OutboxMessage>
/// One page of `GET /api/forwards`.
public typealias ForwardPage = Page<Forward>

extension StoredEvent: JSONRepresentable {}
extension OutboxMessage: JSONRepresentable {}
extension Forward: JSONRepresentable {}
