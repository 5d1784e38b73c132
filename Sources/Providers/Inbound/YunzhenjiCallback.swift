import Core
import JSON

/// 云真机 callbacks (docs/providers.md, "云真机"): `chatMsg` for every message the WeCom client handles
/// (customers' messages, the account's own, and the echo of every API send) and `chatMsgSendFail`.
/// The envelope `{"event","app_id","wxid","data":{…}}` is assumed (the document names the events
/// and correlation fields only): every assumed field name is in this file.
public enum YunzhenjiCallback {
    public static let messageEvent = "chatMsg"
    public static let failureEvent = "chatMsgSendFail"

    public static func decode(body: [UInt8], json: JSONValue, account: Account) throws(InboundError) -> InboundEvent {
        guard let object = json.objectValue else { throw .malformed("body must be a JSON object") }
        let envelope = Fields(object)
        let event = try envelope.requiredString("event")
        guard event == messageEvent || event == failureEvent else {
            // An event we do not act on: stored so that nothing is lost, answered 200.
            let data = try envelope.optionalObject("data")
            return InboundEvent(provider: .yunzhenji, account: account.name, kind: .unknown, providerType: event,
                                conversation: try data?.optionalString("conversation_id"),
                                providerMessageID: try data?.optionalString("msg_id"),
                                dedupeKey: dedupeKey(event: event, msgID: try data?.optionalString("msg_id"),
                                                     svrID: nil, body: body),
                                rawBody: body)
        }
        let data = try envelope.requiredObject("data")
        let msgID = try data.optionalString("msg_id")
        let apiSendID = try data.optionalString("api_send_id")
        let svrID = try data.optionalString("api_send_svrid")
        let sender = try data.optionalString("sender_wxid")
        let isSelf = try data.optionalBool("is_self") ?? sender.map { account.selfIDs.contains($0) } ?? false
        let text = try self.text(of: data)

        let kind: EventKind
        var error: String?
        if event == failureEvent {
            kind = .sendFailure
            error = try data.optionalString("errmsg") ?? "chatMsgSendFail without errmsg"
        } else if apiSendID != nil || svrID != nil {
            kind = .receipt          // the echo of one of our sends: never answered by a rule
        } else {
            kind = isSelf ? .selfMessage : .message
        }
        return InboundEvent(
            provider: .yunzhenji, account: account.name, kind: kind, providerType: event,
            conversation: try data.optionalString("conversation_id"), sender: sender, text: text,
            providerMessageID: msgID, apiSendID: apiSendID, apiSendSvrID: svrID, error: error,
            isSelf: isSelf || kind == .receipt, isGroup: try data.optionalBool("is_group"),
            mentions: try data.stringList("at_list"),
            dedupeKey: dedupeKey(event: event, msgID: msgID, svrID: svrID, body: body),
            rawBody: body)
    }

    /// docs/providers.md, "Recognising redeliveries": `event` + `msg_id` when present, else `event`
    /// + `api_send_svrid`, else the body's hash within the dedupe window.
    static func dedupeKey(event: String, msgID: String?, svrID: String?, body: [UInt8]) -> DedupeKey {
        if let msgID, !msgID.isEmpty { return DedupeKey(value: "\(event):msg:\(msgID)", windowed: false) }
        if let svrID, !svrID.isEmpty { return DedupeKey(value: "\(event):svr:\(svrID)", windowed: false) }
        return .bodyHash(body)
    }

    /// The text of a text message: `content.items[].text` of the text items, joined; or `content.text`.
    static func text(of data: Fields) throws(InboundError) -> String? {
        guard let content = try data.optionalObject("content") else { return nil }
        if let items = content.object["items"]?.arrayValue {
            let parts = items.compactMap { item -> String? in
                guard item["type"]?.stringValue ?? "text" == "text" else { return nil }
                return item["text"]?.stringValue
            }
            if !parts.isEmpty { return parts.joined() }
        }
        return try content.optionalString("text")
    }
}
