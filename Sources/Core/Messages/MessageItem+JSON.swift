import JSON

/// Why an item in an API body or a rule file is not a valid message item.
public struct MessageItemError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension MessageItem {
    /// Reads `{"type":"text","text":"…"}` and its siblings (see docs/api.md, "Message items").
    public init(json: JSONValue) throws(MessageItemError) {
        guard let object = json.objectValue else { throw MessageItemError("a message must be an object") }
        guard let typeName = object["type"]?.stringValue else { throw MessageItemError("a message needs a \"type\"") }
        guard let type = MessageType(rawValue: typeName) else {
            let known = MessageType.allCases.map(\.rawValue).joined(separator: ", ")
            throw MessageItemError("unknown message type \"\(typeName)\" (known: \(known))")
        }
        func required(_ key: String) throws(MessageItemError) -> String {
            guard let value = object[key], case .string(let text) = value, !text.isEmpty else {
                throw MessageItemError("a \(typeName) message needs a non-empty string \"\(key)\"")
            }
            return text
        }
        func optional(_ key: String) throws(MessageItemError) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard case .string(let text) = value else {
                throw MessageItemError("\"\(key)\" of a \(typeName) message must be a string")
            }
            return text
        }
        switch type {
        case .text: self = .text(try required("text"))
        case .image: self = .image(url: try required("url"))
        case .link:
            self = .link(title: try required("title"), url: try required("url"),
                         desc: try optional("desc"), imageURL: try optional("image_url"))
        case .file: self = .file(title: try required("title"), url: try required("url"))
        case .voice:
            guard let duration = object["duration"]?.int64Value, (1...60).contains(duration) else {
                throw MessageItemError("a voice message needs \"duration\" in seconds, 1 to 60")
            }
            self = .voice(url: try required("url"), duration: Int(duration))
        case .miniprogram:
            var fields = object
            fields["type"] = nil
            self = .miniprogram(fields)
        }
    }

    /// The API shape of the item, the inverse of `init(json:)`.
    public var json: JSONValue {
        var object = JSONObject()
        object["type"] = .string(type.rawValue)
        switch self {
        case .text(let text): object["text"] = .string(text)
        case .image(let url): object["url"] = .string(url)
        case .link(let title, let url, let desc, let imageURL):
            object["title"] = .string(title)
            object["url"] = .string(url)
            if let desc { object["desc"] = .string(desc) }
            if let imageURL { object["image_url"] = .string(imageURL) }
        case .file(let title, let url):
            object["title"] = .string(title)
            object["url"] = .string(url)
        case .voice(let url, let duration):
            object["url"] = .string(url)
            object["duration"] = .int(Int64(duration))
        case .miniprogram(let fields):
            for (key, value) in fields { object[key] = value }
        }
        return .object(object)
    }
}
