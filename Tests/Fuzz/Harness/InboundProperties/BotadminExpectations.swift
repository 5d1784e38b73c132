import Core
import FuzzSupport
import JSON
import Providers

/// What a decoded bot-admin webhook must say, worked out here from the JSON (docs/providers.md).
enum BotadminExpectations {
    static func check(_ event: InboundEvent, json: JSONValue, body: [UInt8]) {
        let account = Accounts.botadmin
        FuzzSupport.check(event.provider == .botadmin && event.account == account.name, "provider/account of \(event)")
        FuzzSupport.check(event.rawBody == body, "raw body changed")
        FuzzSupport.check(event.dedupeKey == .bodyHash(body) && event.dedupeKey.windowed, "dedupe key \(event.dedupeKey)")

        let msgtype = json["msgtype"]?.stringValue
        FuzzSupport.check(msgtype != nil && event.providerType == msgtype, "msgtype \(String(describing: event.providerType))")
        FuzzSupport.check(event.conversation != nil && event.conversation == json["conversation_id"]?.stringValue,
                          "conversation \(String(describing: event.conversation))")
        let sender = json["sender"]?.stringValue
        FuzzSupport.check(event.sender == sender, "sender \(String(describing: event.sender))")
        if msgtype == "text" {
            FuzzSupport.check(event.text != nil && event.text == json["text"]?["content"]?.stringValue,
                              "text \(String(describing: event.text))")
        } else {
            FuzzSupport.check(event.text == nil, "text for a \(msgtype ?? "") message")
        }

        let isSelf = sender.map { account.selfIDs.contains($0) } ?? false
        FuzzSupport.check(event.isSelf == isSelf, "isSelf \(event.isSelf) for sender \(String(describing: sender))")
        let kind: EventKind = switch msgtype {
        case "text", "image", "miniprogram", "link": isSelf ? .selfMessage : .message
        default: .unknown
        }
        FuzzSupport.check(event.kind == kind, "kind \(event.kind) for \(msgtype ?? "")")
        FuzzSupport.check(event.mentions == mentions(of: account, in: event.text), "mentions \(event.mentions)")
    }

    /// The mention names that appear after an `@`, found by a plain byte search.
    static func mentions(of account: Account, in text: String?) -> [String] {
        guard let text else { return [] }
        let haystack = Array(text.utf8)
        return account.mentionNames.filter { name in
            let needle = Array(("@" + name).utf8)
            guard haystack.count >= needle.count else { return false }
            return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
        }
    }
}
