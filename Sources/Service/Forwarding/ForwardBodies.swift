import Core
import JSON
import Providers
import Storage

/// The store's `ForwardPlanner`: which subscriptions take an event or a message state (the pure
/// `ForwardRouting`), and the Standard Webhooks body each of them is sent,
/// `{"type","timestamp","data"}` — `data` being the event as `GET /api/events` shows it plus its
/// `raw` payload (without authentication fields), or the message as `GET /api/messages` shows it.
struct ForwardBodies: ForwardPlanner {
    let routing: ForwardRouting

    init(_ subscriptions: [Subscription]) {
        routing = ForwardRouting(subscriptions: subscriptions)
    }

    func routes(ofEvent event: StoredEvent, handoff: ForwardHandoff?) -> [ForwardRoute] {
        guard let kind = EventKind(rawValue: event.kind), let provider = Provider(rawValue: event.provider) else {
            return []
        }
        let type = ForwardType(event: kind)
        // A payload that does not say: the conversation id's convention, as for sending.
        let chat = event.isGroup.map { $0 ? ChatKind.group : .private } ?? event.conversation.map(ChatKind.guess)
        var names = routing.subscriptions(taking: ForwardSubject(type: type, provider: provider,
                                                                 account: event.account, chat: chat))
        // A rule's hand-off ignores the subscription's filters (the rule decided), and is the
        // one forward that subscription gets.
        let handoff = handoff.flatMap { handoff in
            routing.subscriptions.contains { $0.name == handoff.subscription } ? handoff : nil
        }
        if let handoff, !names.contains(handoff.subscription) { names.append(handoff.subscription) }
        return names.map { name in
            guard let handoff, handoff.subscription == name else { return ForwardRoute(subscription: name, type: type) }
            return ForwardRoute(subscription: name, type: type, rule: handoff.rule, replyBy: handoff.replyBy)
        }
    }

    /// An operator's replay goes to the named subscription whatever its filters say: the
    /// operator decided, as a rule's `forward` does. The body is the one the event got when stored.
    func replayRoute(ofEvent event: StoredEvent, to subscription: String) -> ForwardRoute? {
        guard routing.subscriptions.contains(where: { $0.name == subscription }),
              let kind = EventKind(rawValue: event.kind) else {
            return nil
        }
        return ForwardRoute(subscription: subscription, type: ForwardType(event: kind))
    }

    /// `data`: the event as `GET /api/events` shows it, plus its `raw` payload without
    /// authentication fields. `rule`: the rule that handed it over, beside `type` and `timestamp`.
    func body(ofEvent event: StoredEvent, raw: [UInt8], type: ForwardType, rule: String?) -> [UInt8] {
        var data = event.json.objectValue ?? JSONObject()
        let provider = Provider(rawValue: event.provider)
        data.append("raw", provider?.payloadWithoutAuthentication(raw) ?? .null)
        return Self.body(type, at: event.receivedAt, data: .object(data), rule: rule)
    }

    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward] {
        guard let type = ForwardType(messageState: message.state.rawValue) else { return [] }
        let names = routing.subscriptions(taking: ForwardSubject(type: type, provider: message.provider,
                                                                 account: message.account, chat: message.chat))
        guard !names.isEmpty else { return [] }
        let body = Self.body(type, at: time, data: message.json)
        return names.map { NewForward(subscription: $0, type: type, body: body) }
    }

    static func body(_ type: ForwardType, at time: Double, data: JSONValue, rule: String? = nil) -> [UInt8] {
        var fields: [(String, JSONValue)] = [("type", .string(type.rawValue)),
                                             ("timestamp", .string(UTCTimestamp.format(time)))]
        if let rule { fields.append(("rule", .string(rule))) }
        fields.append(("data", data))
        return Array(JSON.string(.object(JSONObject(fields))).utf8)
    }
}
