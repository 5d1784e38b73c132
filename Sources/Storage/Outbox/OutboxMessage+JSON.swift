import Delivery
import JSON

// The admin API's shapes (docs/api.md, "Messages"): a message, the `202` answer of `POST
// /api/send`, and the parts `GET /api/messages/{id}` adds.
extension OutboxMessage {
    /// `{"id","provider","account","conversation","items","state","origin","rule","in_reply_to",
    /// "attempts","provider_ids","error","created_at","updated_at"}`.
    public var json: JSONValue {
        let (rule, inReplyTo): (String?, String?) =
            switch origin {
            case .api: (nil, nil)
            case .rule(let name, let event): (name, event)
            }
        return .object(JSONObject([
            ("id", .string(id)),
            ("provider", .string(provider.rawValue)),
            ("account", .string(account)),
            ("conversation", .string(conversation)),
            ("items", .array(items.map(\.json))),
            ("state", .string(state.rawValue)),
            ("origin", .string(origin.kind)),
            ("rule", JSONValue(rule)),
            ("in_reply_to", JSONValue(inReplyTo)),
            ("attempts", JSONValue(attemptCount)),
            ("provider_ids", .array(providerIDs.map { JSONValue($0) })),
            ("error", JSONValue(error)),
            ("created_at", .double(createdAt)),
            ("updated_at", .double(updatedAt)),
        ]))
    }

    /// `{"provider","account","conversation","chat"}`: the target as `POST /api/send` names it.
    public var targetJSON: JSONValue {
        .object(JSONObject([
            ("provider", .string(provider.rawValue)),
            ("account", .string(account)),
            ("conversation", .string(conversation)),
            ("chat", .string(chat.rawValue)),
        ]))
    }

    /// The `202` answer: `{"messages":[{"id":…,"target":{…},"state":"queued"}]}`.
    public static func sendAnswer(_ messages: [OutboxMessage]) -> JSONValue {
        .object(JSONObject([
            ("messages", .array(messages.map { message in
                .object(JSONObject([
                    ("id", .string(message.id)),
                    ("target", message.targetJSON),
                    ("state", .string(message.state.rawValue)),
                ]))
            })),
        ]))
    }
}

extension TimelineEntry {
    /// `{"time","from","to","cause"}`; `from` is null on the first row.
    public var json: JSONValue {
        .object(JSONObject([
            ("time", .double(time)),
            ("from", JSONValue(from?.rawValue)),
            ("to", .string(to.rawValue)),
            ("cause", .string(cause)),
        ]))
    }
}

extension DeliveryAttempt {
    /// `{"attempt","api_send_ids","started_at","outcome","error"}`; `outcome` is null while the
    /// request is in flight.
    public var json: JSONValue {
        .object(JSONObject([
            ("attempt", JSONValue(number)),
            ("api_send_ids", .array(apiSendIDs.map { .string($0) })),
            ("started_at", .double(startedAt)),
            ("outcome", JSONValue(outcome?.rawValue)),
            ("error", JSONValue(error)),
        ]))
    }
}
