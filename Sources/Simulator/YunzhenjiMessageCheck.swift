import JSON

/// Checks one entry of a 云真机 `messages` array as the provider's first validation would.
enum YunzhenjiMessageCheck {
    static let types = ["text", "announcement", "picture", "link", "file", "voice"]

    /// What is wrong with the message, or nil when it passes.
    static func problem(_ message: JSONValue) -> String? {
        guard message.objectValue != nil else { return "a message must be an object" }
        guard let type = message["msg_type"]?.stringValue else { return "msg_type is required" }
        guard types.contains(type) else {
            return "msg_type \"\(type)\" is not supported (\(types.joined(separator: ", ")))"
        }
        guard let content = message["content"], content.objectValue != nil else { return "content must be an object" }
        if let delay = message["delayed_time"], !delay.isNull, (delay.int64Value ?? -1) < 0 {
            return "delayed_time must be a Unix time or 0"
        }
        func text(_ name: String) -> Bool {
            guard case .string(let text)? = content[name] else { return false }
            return !text.isEmpty
        }
        func optionalText(_ name: String) -> Bool {
            guard let value = content[name], !value.isNull else { return true }
            if case .string = value { return true }
            return false
        }
        switch type {
        case "text":
            guard let items = content["items"]?.arrayValue, !items.isEmpty else { return "content.items must be a non-empty array" }
            for item in items {
                guard let kind = item["type"]?.stringValue else { return "content.items[].type is required" }
                if kind == "text", item["text"]?.stringValue?.isEmpty ?? true { return "content.items[].text is required" }
            }
            return nil
        case "announcement":
            return text("text") ? nil : "content.text is required"
        case "picture":
            return text("url") ? nil : "content.url is required"
        case "link":
            guard text("title"), text("url") else { return "content.title and content.url are required" }
            return optionalText("cover") && optionalText("desc") ? nil : "content.cover and content.desc must be strings"
        case "file":
            return text("title") && text("url") ? nil : "content.title and content.url are required"
        default: // voice
            guard text("url") else { return "content.url is required" }
            guard let duration = content["duration"]?.int64Value, (1...60).contains(duration) else {
                return "content.duration must be 1 to 60"
            }
            return optionalText("org_content") ? nil : "content.org_content must be a string"
        }
    }
}
