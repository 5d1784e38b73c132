import Core
import JSON

/// bot-admin (docs/providers.md, "bot-admin"): `POST
/// {base_url}/api/send?secret=…&conversation_id=…`, one item per request.
public enum BotadminSend {
    /// bot-admin's answer. The document shows none, so every name here is **assumed**
    /// (docs/providers.md): 2xx is accepted unless the JSON says otherwise through one of these.
    enum Answer {
        static let errorCode = "errcode"     // non-zero: rejected
        static let code = "code"             // other than 0 or 200: rejected
        static let success = "success"       // false: rejected
        static let message = ["errmsg", "message", "msg"]
    }

    public static func request(account: Account, conversation: String, chat: ChatKind,
                               items: [OutboundItem]) throws(SendRequestError) -> ProviderRequest {
        try Provider.botadmin.check(items)
        let secret = try account.credential(account.secret, key: "secret")
        let url = try account.url(path: "/api/send", query: [("secret", secret), ("conversation_id", conversation)])
        return ProviderRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")],
                               body: RobotMessageBody.encode(items[0].item))
    }

    /// 2xx with a body that is not JSON, or JSON without an error marker, is accepted: bot-admin
    /// sends no receipts and documents no answer, so a 2xx is its word.
    public static func classify(status: Int, body: [UInt8]) -> SendOutcome {
        if let outcome = ProviderAnswer.statusOutcome(status: status, body: body, words: error) { return outcome }
        guard let answer = ProviderAnswer.object(body), let problem = error(answer) else {
            return .accepted([.accepted(providerID: nil)])
        }
        return .rejected(problem)
    }

    /// The rejection an answer carries, in bot-admin's words; nil when it reports success.
    static func error(_ answer: JSONValue) -> String? {
        let message = ProviderAnswer.text(answer, Answer.message)
        if let code = answer[Answer.errorCode]?.int64Value, code != 0 {
            return ProviderAnswer.error("errcode", String(code), message: message)
        }
        if let code = answer[Answer.code]?.int64Value, code != 0, code != 200 {
            return ProviderAnswer.error("code", String(code), message: message)
        }
        if answer[Answer.success]?.boolValue == false {
            return message ?? "success false"
        }
        return nil
    }
}
