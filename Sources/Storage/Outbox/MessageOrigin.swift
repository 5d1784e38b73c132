/// Where an outbox message came from (`origin`, `rule`, `in_reply_to` in the API).
public enum MessageOrigin: Sendable, Hashable {
    /// `POST /api/send`.
    case api
    /// A rule's reply: the rule's name (`default` / `subscribe` for those replies) and the id of
    /// the inbound event it answers.
    case rule(name: String, inReplyTo: String?)

    /// `api` or `rule`, as stored and shown.
    public var kind: String {
        switch self {
        case .api: "api"
        case .rule: "rule"
        }
    }

    /// The cause of the message's first timeline row.
    var enqueueCause: String {
        switch self {
        case .api: "api"
        case .rule(let name, _): "rule \(name)"
        }
    }
}
