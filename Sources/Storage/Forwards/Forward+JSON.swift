import JSON

// The admin API's shapes of forwards (docs/api.md): a forward in a list, one with its body
// and attempts, and a page.
extension Forward {
    /// `{"id","subscription","type","event_id","message_id","state","attempts","next_attempt_at",
    /// "created_at","updated_at","last_status","reply_error","rule"}`; `rule` names the rule that
    /// handed the event over (the answer may be its reply), null otherwise.
    public var json: JSONValue {
        .object(JSONObject([
            ("id", .string(id)),
            ("subscription", .string(subscription)),
            ("type", .string(type.rawValue)),
            ("event_id", JSONValue(eventID)),
            ("message_id", JSONValue(messageID)),
            ("state", .string(state.rawValue)),
            ("attempts", JSONValue(attempts)),
            ("next_attempt_at", nextAttemptAt.map(JSONValue.double) ?? .null),
            ("created_at", .double(createdAt)),
            ("updated_at", .double(updatedAt)),
            ("last_status", lastStatus.map { JSONValue($0) } ?? .null),
            ("reply_error", JSONValue(replyError)),
            ("rule", JSONValue(rule)),
        ]))
    }

    /// The body as JSON; a body that is not JSON (never written by wxhook) as its text.
    public var bodyJSON: JSONValue {
        (try? JSON.parse(body)) ?? .string(String(decoding: body, as: UTF8.self))
    }
}

extension ForwardAttempt {
    /// `{"attempt","started_at","duration_ms","status","error","answer"}`; `status` is null when
    /// no answer came, `duration_ms` while the attempt is in flight.
    public var json: JSONValue {
        .object(JSONObject([
            ("attempt", JSONValue(attempt)),
            ("started_at", .double(startedAt)),
            ("duration_ms", durationMs.map(JSONValue.double) ?? .null),
            ("status", status.map { JSONValue($0) } ?? .null),
            ("error", JSONValue(error)),
            ("answer", JSONValue(answer)),
        ]))
    }
}

extension ForwardDetail {
    /// The forward's fields plus `"body"` and `"attempt_history"`.
    public var json: JSONValue {
        guard case .object(var fields) = forward.json else { return forward.json }
        fields["body"] = forward.bodyJSON
        fields["attempt_history"] = .array(attempts.map(\.json))
        return .object(fields)
    }
}
