import JSON

/// Checks a WeCom-robot-format body (bot-admin and the WeCom robot share it) as they would.
enum RobotBodyCheck {
    /// What is wrong with the body, or nil when it is a valid message.
    static func problem(_ body: [UInt8]) -> String? {
        guard let value = try? JSON.parse(body), let object = value.objectValue else {
            return "body is not a JSON object"
        }
        guard let type = object["msgtype"]?.stringValue else { return "msgtype is required" }
        guard let inner = object[type]?.objectValue else { return "\(type) must be an object" }
        func text(_ name: String) -> Bool {
            guard case .string(let text)? = inner[name] else { return false }
            return !text.isEmpty
        }
        switch type {
        case "text": return text("content") ? nil : "text.content is required"
        case "image": return text("url") ? nil : "image.url is required"
        case "link": return text("title") && text("url") ? nil : "link.title and link.url are required"
        case "miniprogram": return nil
        default: return "msgtype \"\(type)\" is not supported (text, image, link, miniprogram)"
        }
    }
}
