import Core
import JSON

/// The WeCom group robot's message body, which bot-admin copies: `{"msgtype":…, "<msgtype>":{…}}`.
enum RobotMessageBody {
    static func encode(_ item: MessageItem) -> [UInt8] {
        var inner = JSONObject()
        switch item {
        case .text(let text):
            inner.append("content", .string(text))
        case .image(let url):
            inner.append("url", .string(url))
        case .link(let title, let url, let desc, let imageURL):
            inner.append("title", .string(title))
            inner.append("url", .string(url))
            if let imageURL { inner.append("image_url", .string(imageURL)) }
            if let desc { inner.append("desc", .string(desc)) }
        case .miniprogram(let fields):
            inner = fields
        case .file, .voice:
            // Refused by `Provider.check` before encoding: neither robot carries these.
            preconditionFailure("\(item.type) is not a robot message type")
        }
        let type = item.type.rawValue
        return JSON.serialize(.object(JSONObject([("msgtype", .string(type)), (type, .object(inner))])))
    }
}
