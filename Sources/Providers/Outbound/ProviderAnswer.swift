import JSON

/// What every provider's answer has in common: HTTP status classes, and the provider's own words
/// pulled out of a JSON body. Each provider's file decides what a 2xx body means.
enum ProviderAnswer {
    /// A non-2xx answer decided by its status alone; nil for a 2xx, which the body decides.
    /// `words` pulls the provider's error text out of a JSON body.
    static func statusOutcome(status: Int, body: [UInt8], words: (JSONValue) -> String?) -> SendOutcome? {
        if (200...299).contains(status) { return nil }
        var reason = "HTTP \(status)"
        if let detail = detail(body, words: words) { reason += ": " + detail }
        switch status {
        case 408, 425, 429, 500...599: return .retryable(reason)
        case 400...499: return .rejected(reason)
        default: return .rejected(reason + " (unexpected status)")
        }
    }

    /// The parsed body when it is a JSON object.
    static func object(_ body: [UInt8]) -> JSONValue? {
        guard let value = try? JSON.parse(body), value.objectValue != nil else { return nil }
        return value
    }

    /// The first of `names` that holds a non-empty text.
    static func text(_ value: JSONValue, _ names: [String]) -> String? {
        for name in names {
            if let text = value[name]?.stringValue, !text.isEmpty { return text }
        }
        return nil
    }

    /// `errcode 40001: invalid access_token`, or `errcode 40001` when the provider said no more.
    static func error(_ label: String, _ code: String, message: String?) -> String {
        guard let message, !message.isEmpty else { return "\(label) \(code)" }
        return "\(label) \(code): \(message)"
    }

    /// What to say about an error body: the provider's words from JSON, else a short prefix of text.
    private static func detail(_ body: [UInt8], words: (JSONValue) -> String?) -> String? {
        if let value = object(body) { return words(value) ?? text(value, ["errmsg", "message", "msg", "error"]) }
        let text = String(decoding: body.prefix(200), as: UTF8.self).filter { !$0.isNewline }
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
