import Core
import JSON

/// The WeCom group robot webhook: `POST {base_url}/cgi-bin/webhook/send?key=…` with bot-admin's
/// bodies. The robot posts to its own group, so the conversation is not part of the request.
public enum WecomSend {
    /// The robot's answer, `{"errcode":0,"errmsg":"ok"}` (docs/providers.md).
    enum Answer {
        static let errorCode = "errcode"
        static let message = ["errmsg"]
    }

    public static func request(account: Account, conversation: String, chat: ChatKind,
                               items: [OutboundItem]) throws(SendRequestError) -> ProviderRequest {
        try Provider.wecom.check(items)
        let key = try account.credential(account.key, key: "key")
        let url = try account.url(path: "/cgi-bin/webhook/send", query: [("key", key)])
        return ProviderRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")],
                               body: RobotMessageBody.encode(items[0].item))
    }

    /// A 2xx that is not JSON is accepted, as for bot-admin: the robot sends no receipts.
    public static func classify(status: Int, body: [UInt8]) -> SendOutcome {
        if let outcome = ProviderAnswer.statusOutcome(status: status, body: body, words: error) { return outcome }
        guard let answer = ProviderAnswer.object(body), let problem = error(answer) else {
            return .accepted([.accepted(providerID: nil)])
        }
        return .rejected(problem)
    }

    static func error(_ answer: JSONValue) -> String? {
        guard let code = answer[Answer.errorCode]?.int64Value, code != 0 else { return nil }
        return ProviderAnswer.error("errcode", String(code), message: ProviderAnswer.text(answer, Answer.message))
    }
}
