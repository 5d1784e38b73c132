import Core
import JSON

/// bot-admin's webhook (docs/providers.md, "bot-admin"): every conversation message, pushed as
/// `{"secret","msgtype","conversation_id","sender", <msgtype>: {…}}`. The payload has no message
/// id, no timestamp, no mention list and no "sent by me" flag, so redeliveries are recognised by
/// the body's hash within the dedupe window, and self and mentions come from the account config.
public enum BotadminWebhook {
    /// The `secret` field, checked by the caller before anything else is decoded.
    public static func secret(in json: JSONValue) -> String? {
        json["secret"]?.stringValue
    }

    public static func decode(body: [UInt8], json: JSONValue, account: Account) throws(InboundError) -> InboundEvent {
        guard let object = json.objectValue else { throw .malformed("body must be a JSON object") }
        let fields = Fields(object)
        let msgtype = try fields.requiredString("msgtype")
        let conversation = try fields.requiredString("conversation_id")
        let sender = try fields.optionalString("sender")

        var text: String?
        if msgtype == "text" {
            text = try fields.requiredObject("text").requiredString("content")
        }
        let isSelf = sender.map { account.selfIDs.contains($0) } ?? false
        let kind: EventKind
        switch msgtype {
        case "text", "image", "miniprogram", "link": kind = isSelf ? .selfMessage : .message
        default: kind = .unknown   // stored and answered 200, never acted on
        }
        return InboundEvent(
            provider: .botadmin, account: account.name, kind: kind, providerType: msgtype,
            conversation: conversation, sender: sender, text: text,
            isSelf: isSelf, isGroup: nil, mentions: account.mentions(in: text),
            dedupeKey: .bodyHash(body), rawBody: body)
    }
}
