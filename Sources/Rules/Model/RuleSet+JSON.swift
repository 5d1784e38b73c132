import JSON

extension RuleSet {
    /// The set as `GET /api/rules` lists it (docs/api.md, "Rules"):
    /// `{"files":[…],"rules":[{"name","file", "keywords","priority","enabled"}]}`, keywords as
    /// written; the service adds `loaded_at` and `last_error`.
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
            return .object(entry)
        }))
        return object
    }
}
