import Core
import HTTP
import JSON
import Providers

// `POST /sim/inbound {"provider","account","conversation","sender","text",["group"],["mentions"],["is_self"]}`:
// builds the webhook the real provider would send for a customer's message, and hands it to the
// server to deliver. Without configured accounts the credentials come from the body
// (`secret`; `app_id`, `wxid`, `token`).
extension SimulatorCore {
    func inbound(_ request: HTTPRequest, now: Double, state: inout SimulatorState) -> SimulatorReply {
        guard let body = try? JSON.parse(request.body), body.objectValue != nil else {
            return SimulatorReply(response: .jsonError(.badRequest, "body must be a JSON object"))
        }
        let providerName = body["provider"]?.stringValue ?? ""
        guard let provider = Provider(rawValue: providerName), provider.hasInbound else {
            return SimulatorReply(response: .jsonError(.badRequest,
                "provider must be botadmin or yunzhenji (the others send no inbound messages), not \"\(providerName)\""))
        }
        func field(_ name: String) -> String? {
            guard case .string(let text)? = body[name], !text.isEmpty else { return nil }
            return text
        }
        guard let accountName = field("account"), let conversation = field("conversation"), let text = field("text") else {
            return SimulatorReply(response: .jsonError(.badRequest, "account, conversation and text are required strings"))
        }
        guard let callback = configuration.callback else {
            return SimulatorReply(response: .jsonError(.conflict, "no callback URL: start the simulator with --callback"))
        }
        let configured = configuration.accounts.first { $0.provider == provider && $0.name == accountName }
        if checks(provider), configured == nil {
            return SimulatorReply(response: .jsonError(.notFound, "no \(provider.rawValue) account \"\(accountName)\" is configured"))
        }
        let sender = field("sender") ?? "user"
        let group = body["group"]?.boolValue ?? (ChatKind.guess(conversation: conversation) == .group)
        let hookURL = callback + "/hooks/\(provider.rawValue)/" + PercentEncoding.encode(accountName)

        let post: CallbackPost
        switch provider {
        case .botadmin:
            let secret = configured.map { $0.secret?.revealed ?? "" } ?? field("secret") ?? ""
            let payload = JSONObject([
                ("secret", .string(secret)), ("msgtype", "text"), ("conversation_id", .string(conversation)),
                ("sender", .string(sender)), ("text", .object(JSONObject([("content", .string(text))]))),
            ])
            // bot-admin tells groups apart only through its conversation lists: make this one show.
            state.remember(conversation: conversation, group: group, account: configured?.name ?? "secret:" + secret)
            post = CallbackPost(url: hookURL, body: JSON.serialize(.object(payload)), delayMs: 0, event: "webhook")
        default:
            let token = configured.map { $0.callbackToken?.revealed ?? "" } ?? field("token") ?? ""
            let message = YunzhenjiCallbackPayload.Message(
                appID: configured?.appID ?? field("app_id") ?? "", wxid: configured?.wxid ?? field("wxid") ?? "",
                msgID: "sim-msg-\(state.makeID())", serverID: nil, apiSendID: nil, conversation: conversation,
                sender: sender, isSelf: body["is_self"]?.boolValue ?? false, isGroup: group,
                atList: body["mentions"]?.arrayValue?.compactMap(\.stringValue) ?? [], msgType: "text",
                content: .object(JSONObject([("items", [.object(JSONObject([("type", "text"), ("text", .string(text))]))])])),
                timestamp: Int64(now))
            let url = token.isEmpty ? hookURL : hookURL + "?token=" + PercentEncoding.encode(token)
            post = CallbackPost(url: url, body: YunzhenjiCallbackPayload.chatMessage(message), delayMs: 0, event: "chatMsg")
        }
        let pending = Self.json(.accepted, .object(JSONObject([
            ("ok", true), ("url", .string(Self.masked(post.url))), ("payload", LogEntry.content(post.body)),
        ])))
        return SimulatorReply(response: pending, inbound: post)
    }

    /// The answer to `/sim/inbound` once the webhook was posted: what the service said, or why
    /// it could not be reached (502).
    public func inboundAnswer(for post: CallbackPost, result: TransportResult) -> HTTPResponse {
        switch result {
        case .answer(let status, let body):
            return Self.json(.ok, .object(JSONObject([
                ("ok", .bool((200...299).contains(status))), ("url", .string(Self.masked(post.url))),
                ("payload", LogEntry.content(post.body)), ("status", JSONValue(status)), ("answer", LogEntry.content(body)),
            ])))
        case .failure(let reason):
            return .jsonError(HTTPStatus(code: 502), "could not deliver to \(Self.masked(post.url)): \(reason)")
        }
    }

    /// The URL without the value of its `token` parameter.
    static func masked(_ url: String) -> String {
        guard let range = url.range(of: "?token=") else { return url }
        return url[..<range.upperBound] + "***"
    }
}
