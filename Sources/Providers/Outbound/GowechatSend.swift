import Core
import JSON

/// go-wechat-http (docs/providers.md, "go-wechat-http"): `POST {base_url}/send_message` with
/// `Authorization: Bearer {token}`, one item per request; its `echo` carries the item's
/// `api_send_id`.
public enum GowechatSend {
    /// `msg_type` 1 for text is **assumed** (the seed shows only 2, an image path or URL).
    enum MessageKind {
        static let text: Int64 = 1
        static let image: Int64 = 2
    }

    /// The answer `{"status":"ok","retcode":0,"data":{"time":…,"message_id":"…"},"message":"","echo":"…"}`.
    enum Answer {
        static let status = "status"
        static let success = "ok"
        static let returnCode = "retcode"
        static let message = ["message"]
        static let data = "data"
        static let messageID = "message_id"
    }

    public static func request(account: Account, conversation: String, chat: ChatKind,
                               items: [OutboundItem]) throws(SendRequestError) -> ProviderRequest {
        try Provider.gowechat.check(items)
        let token = try account.credential(account.token, key: "token")
        let item = items[0]
        let (kind, message): (Int64, String) = switch item.item {
        case .text(let text): (MessageKind.text, text)
        case .image(let url): (MessageKind.image, url)
        default: preconditionFailure("refused by Provider.check")
        }
        let params = JSONObject([
            ("detail_type", .string(chat.rawValue)),
            ("send_id", .string(conversation)),
            ("msg_type", .int(kind)),
            ("message", .string(message)),
        ])
        let body = JSONObject([
            ("action", "send_message"),
            ("echo", .string(item.apiSendID)),
            ("params", .object(params)),
        ])
        return ProviderRequest(method: "POST", url: try account.url(path: "/send_message"),
                               headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/json")],
                               body: JSON.serialize(.object(body)))
    }

    /// A 2xx whose body says neither `status` nor `retcode` is retryable: nothing says it was taken.
    public static func classify(status: Int, body: [UInt8]) -> SendOutcome {
        if let outcome = ProviderAnswer.statusOutcome(status: status, body: body, words: error) { return outcome }
        guard let answer = ProviderAnswer.object(body) else {
            return .retryable("unreadable answer: the body is not a JSON object")
        }
        if let problem = error(answer) { return .rejected(problem) }
        guard answer[Answer.status] != nil || answer[Answer.returnCode] != nil else {
            return .retryable("unreadable answer: neither status nor retcode")
        }
        let messageID = answer[Answer.data]?[Answer.messageID]?.stringValue
        return .accepted([.accepted(providerID: messageID.flatMap { $0.isEmpty ? nil : $0 })])
    }

    static func error(_ answer: JSONValue) -> String? {
        let message = ProviderAnswer.text(answer, Answer.message)
        if let code = answer[Answer.returnCode]?.int64Value, code != 0 {
            return ProviderAnswer.error("retcode", String(code), message: message)
        }
        if let status = answer[Answer.status]?.stringValue, status != Answer.success {
            return ProviderAnswer.error("status", status, message: message)
        }
        return nil
    }
}
