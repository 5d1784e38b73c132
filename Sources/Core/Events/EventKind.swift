/// What an inbound event is, as `GET /api/events` names it (docs/api.md, "Events").
public enum EventKind: String, Sendable, Hashable, CaseIterable {
    /// Someone wrote to the account: the rules may answer it.
    case message
    /// The account's own message that wxhook did not send (typed on the phone, say).
    case selfMessage = "self_message"
    /// The 云真机 `chatMsg` echo of a wxhook send: it carries `api_send_id` / `api_send_svrid`.
    case receipt
    /// 云真机 `chatMsgSendFail`.
    case sendFailure = "send_failure"
    /// Anything the service stores but does not act on.
    case unknown
}

/// Private chat or group chat.
public enum ChatKind: String, Sendable, Hashable, CaseIterable {
    case `private`
    case group

    /// The default when nothing says otherwise: WeChat group ids end in `@chatroom`.
    public static func guess(conversation: String) -> ChatKind {
        conversation.hasSuffix("@chatroom") ? .group : .private
    }
}
