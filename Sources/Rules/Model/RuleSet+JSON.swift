import JSON

extension RuleSet {
    /// The set as `GET /api/rules` lists it (docs/api.md, "Rules"): `{"files":[…],"rules":[…],
    /// "default_reply","subscribe_reply"}`, each rule with its keywords as written, where it applies
    /// (`scope`), its `cooldown_s` and its `reply`; the two special replies are null when the set has
    /// none. The service adds `loaded_at` and `last_error`.
    public var summaryJSON: JSONObject {
        var object = JSONObject()
        object.append("files", .array(files.map { .string($0) }))
        object.append("rules", .array(rules.map { rule in
            var entry = JSONObject()
            entry.append("name", .string(rule.name))
            entry.append("file", .string(rule.file))
            entry.append("keywords", .array(rule.keywords.map { .string($0.text) }))
            entry.append("priority", JSONValue(rule.priority))
            entry.append("enabled", .bool(rule.enabled))
            entry.append("scope", rule.scope.json)
            entry.append("cooldown_s", .double(rule.cooldown))
            entry.append("reply", rule.reply.json)
            return .object(entry)
        }))
        object.append("default_reply", defaultReply.map(\.json) ?? .null)
        object.append("subscribe_reply", subscribeReply.map(\.json) ?? .null)
        return object
    }
}

extension SpecialReply {
    /// `{"file","line","scope","cooldown_s","reply"}`.
    var json: JSONValue {
        .object(JSONObject([
            ("file", .string(file)), ("line", JSONValue(line)), ("scope", scope.json),
            ("cooldown_s", .double(cooldown)), ("reply", reply.json),
        ]))
    }
}

extension RuleScope {
    /// `{"providers","accounts","chats","require_mention"}`; a null list applies to any.
    var json: JSONValue {
        func list(_ names: [String]?) -> JSONValue { names.map { .array($0.map(JSONValue.string)) } ?? .null }
        return .object(JSONObject([
            ("providers", list(providers?.map(\.rawValue))), ("accounts", list(accounts)),
            ("chats", list(chats?.map(\.rawValue))), ("require_mention", .bool(requireMention)),
        ]))
    }
}

extension Reply {
    /// `{"mode","messages":[items with their templates as written],"forward"}`; `forward` is
    /// `{"subscription","reply_within_s"}` for a hand-off, else null.
    var json: JSONValue {
        // Every variable renders as its own placeholder, so the items show the templates as written.
        let asWritten = TemplateContext(sender: "{{sender}}", conversation: "{{conversation}}", account: "{{account}}",
                                        text: "{{text}}", date: "{{date}}", time: "{{time}}")
        let forward: JSONValue = handoff.map { handoff in
            .object(JSONObject([("subscription", .string(handoff.subscription)),
                                ("reply_within_s", .double(handoff.replyWithinSeconds))]))
        } ?? .null
        return .object(JSONObject([
            ("mode", .string(mode.rawValue)), ("messages", .array(messages.map { $0.render(asWritten).json })),
            ("forward", forward),
        ]))
    }
}
