import Core
import FuzzSupport
import JSON
import Providers

/// What a decoded 云真机 callback must say, worked out here from the JSON (docs/providers.md).
enum YunzhenjiExpectations {
    static func check(_ event: InboundEvent, json: JSONValue, body: [UInt8]) {
        let account = Accounts.yunzhenji
        FuzzSupport.check(event.provider == .yunzhenji && event.account == account.name, "provider/account of \(event)")
        FuzzSupport.check(event.rawBody == body, "raw body changed")
        guard let name = json["event"]?.stringValue else {
            return FuzzSupport.check(false, "decoded a callback without an event: \(json)")
        }
        FuzzSupport.check(event.providerType == name, "event \(String(describing: event.providerType)), body says \(name)")
        let data = json["data"]
        let msgID = data?["msg_id"]?.stringValue
        FuzzSupport.check(event.providerMessageID == msgID, "msg_id \(String(describing: event.providerMessageID))")
        FuzzSupport.check(event.dedupeKey == expectedKey(name, msgID: msgID, data: data, body: body),
                          "dedupe key \(event.dedupeKey) for \(json)")

        switch name {
        case YunzhenjiCallback.failureEvent:
            FuzzSupport.check(event.kind == .sendFailure && event.error != nil, "a failure decoded as \(event.kind)")
        case YunzhenjiCallback.messageEvent:
            let correlated = data?["api_send_id"]?.stringValue != nil || data?["api_send_svrid"]?.stringValue != nil
            if correlated {
                FuzzSupport.check(event.kind == .receipt && event.isSelf, "an echo decoded as \(event.kind), isSelf \(event.isSelf)")
            } else {
                FuzzSupport.check(event.kind == (event.isSelf ? .selfMessage : .message),
                                  "kind \(event.kind) with isSelf \(event.isSelf)")
            }
            let sender = data?["sender_wxid"]?.stringValue
            // Flags are read leniently (true/false, 1/0, "true"/"1"…): JSONValue.boolValue decides.
            if let flag = data?["is_self"]?.boolValue {
                FuzzSupport.check(event.isSelf == (flag || correlated), "is_self \(flag) decoded as \(event.isSelf)")
            } else if !correlated {
                FuzzSupport.check(event.isSelf == (sender.map { account.selfIDs.contains($0) } ?? false),
                                  "isSelf \(event.isSelf) for sender \(String(describing: sender))")
            }
            FuzzSupport.check(event.error == nil, "an error on a chatMsg")
        default:
            FuzzSupport.check(event.kind == .unknown && event.text == nil, "unknown event \(name) decoded as \(event.kind)")
        }
    }

    /// `event` + `msg_id`, else `event` + `api_send_svrid` (only for the two known events), else the body's hash.
    private static func expectedKey(_ name: String, msgID: String?, data: JSONValue?, body: [UInt8]) -> DedupeKey {
        if let msgID, !msgID.isEmpty { return DedupeKey(value: "\(name):msg:\(msgID)", windowed: false) }
        let known = name == YunzhenjiCallback.messageEvent || name == YunzhenjiCallback.failureEvent
        if known, let svrID = data?["api_send_svrid"]?.stringValue, !svrID.isEmpty {
            return DedupeKey(value: "\(name):svr:\(svrID)", windowed: false)
        }
        return .bodyHash(body)
    }
}
