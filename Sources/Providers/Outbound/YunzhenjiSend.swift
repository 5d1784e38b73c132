import Core
import JSON

/// 云真机 (docs/providers.md, "云真机"): `POST {base_url}/wechat/sendMessage`, 1–5 items, each sent
/// independently and each finished later by callbacks.
public enum YunzhenjiSend {
    /// The answer `{"errcode":0,"data":[{"idx":0,"api_send_svrid":"…","api_send_id":"…"}]}`.
    /// `message` as the error's name is **assumed** (docs/providers.md); `errmsg` is accepted too.
    enum Answer {
        static let errorCode = "errcode"
        static let message = ["message", "errmsg"]
        static let data = "data"
        static let index = "idx"
        static let serverID = "api_send_svrid"
    }

    public static func request(account: Account, conversation: String, chat: ChatKind,
                               items: [OutboundItem]) throws(SendRequestError) -> ProviderRequest {
        try Provider.yunzhenji.check(items)
        var body = JSONObject()
        body.append("app_id", .string(try account.credential(account.appID, key: "app_id")))
        body.append("access_token", .string(try account.credential(account.accessToken, key: "access_token")))
        body.append("wxid", .string(try account.credential(account.wxid, key: "wxid")))
        body.append("target_wxid", .string(conversation))
        body.append("messages", .array(items.map(message)))
        return ProviderRequest(method: "POST", url: try account.url(path: "/wechat/sendMessage"),
                               headers: [("Content-Type", "application/json; charset=UTF-8")],
                               body: JSON.serialize(.object(body)))
    }

    /// `errcode` 0 means "passed first validation" only: each item whose `idx` is in `data` is
    /// accepted, the others rejected. `itemCount` is the number of messages the request carried.
    /// A 2xx that cannot be read is retryable: the callbacks of a send that did pass would still
    /// arrive, and delivery is at-least-once.
    public static func classify(status: Int, body: [UInt8], itemCount: Int) -> SendOutcome {
        if let outcome = ProviderAnswer.statusOutcome(status: status, body: body, words: error) { return outcome }
        guard let answer = ProviderAnswer.object(body) else {
            return .retryable("unreadable answer: the body is not a JSON object")
        }
        if let problem = error(answer) { return .rejected(problem) }
        let data = answer[Answer.data]?.arrayValue
        guard answer[Answer.errorCode]?.int64Value != nil || data != nil else {
            return .retryable("unreadable answer: neither errcode nor data")
        }
        var serverIDs: [Int: String?] = [:]
        for entry in data ?? [] {
            guard let index = entry[Answer.index]?.intValue else { continue }
            serverIDs[index] = entry[Answer.serverID]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        let results = (0..<itemCount).map { index -> ItemResult in
            guard let serverID = serverIDs[index] else {
                return .rejected("not accepted by the provider (idx \(index) missing)")
            }
            return .accepted(providerID: serverID)
        }
        return .accepted(results)
    }

    static func error(_ answer: JSONValue) -> String? {
        guard let code = answer[Answer.errorCode]?.int64Value, code != 0 else { return nil }
        return ProviderAnswer.error("errcode", String(code), message: ProviderAnswer.text(answer, Answer.message))
    }

    /// One entry of `messages`: the item's `msg_type` and `content`, its id and its send time.
    static func message(_ outbound: OutboundItem) -> JSONValue {
        let type: String
        var content = JSONObject()
        switch outbound.item {
        case .text(let text):
            type = "text"
            content.append("items", [["type": "text", "text": .string(text)]])
        case .image(let url):
            type = "picture"
            content.append("url", .string(url))
        case .link(let title, let url, let desc, let imageURL):
            // The document lists all four fields; absent optional ones go as "".
            type = "link"
            content.append("cover", .string(imageURL ?? ""))
            content.append("desc", .string(desc ?? ""))
            content.append("title", .string(title))
            content.append("url", .string(url))
        case .file(let title, let url):
            type = "file"
            content.append("title", .string(title))
            content.append("url", .string(url))
        case .voice(let url, let duration):
            type = "voice"
            content.append("url", .string(url))
            content.append("duration", .int(Int64(duration)))
            content.append("org_content", "")
        case .miniprogram:
            // Refused by `Provider.check`: 云真机's mini-program format is not documented.
            preconditionFailure("yunzhenji does not carry mini-programs")
        }
        return .object(JSONObject([
            ("msg_type", .string(type)),
            ("content", .object(content)),
            ("api_send_id", .string(outbound.apiSendID)),
            ("delayed_time", .int(outbound.delayedTime ?? 0)),
        ]))
    }
}
