import Core
import JSON

/// What an application's 2xx answer to a hand-off asks for (docs/forwarding.md, "Replies from an
/// application"): `{"reply":{"messages":[…]}}` with 1–5 items the provider can carry, or no
/// reply at all (204, an empty body, `{}`). Pure: the forwarder gives it the answer and the
/// time, and turns what it says into the store's `ApplicationReply`.
enum ReplyAnswer: Equatable {
    /// An answer body is read up to this size; a longer one is cut there and queues no reply.
    static let maxBytes = 64 * 1024

    case none
    case items([MessageItem])
    /// Why nothing is sent: the forward's `reply_error`.
    case invalid(String)

    /// `answeredAt` and `replyBy` are Unix seconds; `bodyCut` says the body was longer than
    /// `maxBytes`.
    static func read(status: Int, body: [UInt8], bodyCut: Bool, provider: Provider, answeredAt: Double,
                     replyBy: Double?) -> ReplyAnswer {
        if status == 204 { return .none }
        if bodyCut { return .invalid("the answer is larger than \(maxBytes / 1024) KiB; it was cut and no reply is sent") }
        guard body.contains(where: { !Self.isWhitespace($0) }) else { return .none }
        let json: JSONValue
        do {
            json = try JSON.parse(body)
        } catch {
            return .invalid("the answer is not JSON: \(error.description)")
        }
        guard let object = json.objectValue else { return .invalid("the answer must be a JSON object, found \(json.typeName)") }
        guard let reply = object["reply"], !reply.isNull else { return .none }
        if let replyBy, answeredAt > replyBy {
            return .invalid("the answer came after reply_within_s (\(Self.seconds(answeredAt - replyBy)) s late)")
        }
        guard let messages = reply.objectValue?["messages"]?.arrayValue else {
            return .invalid("\"reply\" must be an object with a \"messages\" array")
        }
        guard (1...5).contains(messages.count) else {
            return .invalid("\"reply.messages\" must hold 1 to 5 items, not \(messages.count)")
        }
        var items: [MessageItem] = []
        for (index, element) in messages.enumerated() {
            let item: MessageItem
            do {
                item = try MessageItem(json: element)
            } catch {
                return .invalid("reply.messages[\(index)]: \(error.message)")
            }
            guard provider.supportedTypes.contains(item.type) else {
                return .invalid("reply.messages[\(index)]: \(provider.rawValue) cannot carry a \(item.type.rawValue) message")
            }
            items.append(item)
        }
        return .items(items)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Tenths of a second: "late by 0 s" would read as not late.
    private static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded(.up))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
