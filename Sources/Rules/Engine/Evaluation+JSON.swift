import JSON

extension Evaluation {
    /// The shape of `wxhook rules test --json` and `POST /api/rules/test` (docs/api.md,
    /// "Rules"):
    /// `{"matched":true,"rule":"price","keyword":"价格","match":"contains","replies":[…],
    /// "candidates":[{"rule":…,"keyword":…,"lost_because":"…"}]}`, plus `"reason"` when nothing
    /// answers, and `"forward":{"subscription","reply_within_s"}` after `replies` for a hand-off.
    public var json: JSONValue {
        var object = JSONObject()
        object.append("matched", .bool(matched))
        object.append("rule", JSONValue(rule))
        object.append("keyword", JSONValue(keyword))
        object.append("match", JSONValue(match?.rawValue))
        object.append("replies", .array(replies.map(\.json)))
        if let handoff {
            object.append("forward", .object(JSONObject([("subscription", .string(handoff.subscription)),
                                                         ("reply_within_s", .double(handoff.replyWithinSeconds))])))
        }
        object.append("candidates", .array(candidates.map { candidate in
            var entry = JSONObject()
            entry.append("rule", .string(candidate.rule))
            entry.append("keyword", JSONValue(candidate.keyword))
            entry.append("lost_because", .string(candidate.lostBecause))
            return .object(entry)
        }))
        if !matched { object.append("reason", JSONValue(reason)) }
        return .object(object)
    }
}
