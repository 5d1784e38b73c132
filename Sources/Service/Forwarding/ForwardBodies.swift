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
        routing = ForwardRouting(subscriptions.map { ForwardRouting.Route(name: $0.name, filter: $0.filter) })
    }

    func forwards(ofEvent event: StoredEvent, raw: [UInt8]) -> [NewForward] {
        guard let kind = EventKind(rawValue: event.kind), let provider = Provider(rawValue: event.provider) else {
            return []
        }
        let type = ForwardType(event: kind)
        // A payload that does not say: the conversation id's convention, as for sending.
        let chat = event.isGroup.map { $0 ? ChatKind.group : .private } ?? event.conversation.map(ChatKind.guess)
        let names = routing.subscriptions(taking: ForwardSubject(type: type, provider: provider,
                                                                 account: event.account, chat: chat))
        guard !names.isEmpty else { return [] }
        let body = Self.body(ofEvent: event, type: type, provider: provider, raw: raw)
        return names.map { NewForward(subscription: $0, type: type, body: body) }
    }

    /// An operator's replay goes to the named subscription whatever its filters say: the
    /// operator decided, as a rule's `forward` does. The body is the one the event got when stored.
    func replay(ofEvent event: StoredEvent, raw: [UInt8], to subscription: String) -> NewForward? {
        guard routing.subscriptions.contains(where: { $0.name == subscription }),
              let kind = EventKind(rawValue: event.kind), let provider = Provider(rawValue: event.provider) else {
            return nil
        }
        let type = ForwardType(event: kind)
        return NewForward(subscription: subscription, type: type,
                          body: Self.body(ofEvent: event, type: type, provider: provider, raw: raw))
    }

    /// `data`: the event as `GET /api/events` shows it, plus its `raw` payload without
    /// authentication fields.
    static func body(ofEvent event: StoredEvent, type: ForwardType, provider: Provider, raw: [UInt8]) -> [UInt8] {
        var data = event.json.objectValue ?? JSONObject()
        data.append("raw", provider.payloadWithoutAuthentication(raw) ?? .null)
        return body(type, at: event.receivedAt, data: .object(data))
    }

    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward] {
        guard let type = ForwardType(messageState: message.state.rawValue) else { return [] }
        let names = routing.subscriptions(taking: ForwardSubject(type: type, provider: message.provider,
                                                                 account: message.account, chat: message.chat))
        guard !names.isEmpty else { return [] }
        let body = Self.body(type, at: time, data: message.json)
        return names.map { NewForward(subscription: $0, type: type, body: body) }
    }

    static func body(_ type: ForwardType, at time: Double, data: JSONValue) -> [UInt8] {
        Array(JSON.string(.object(JSONObject([
            ("type", .string(type.rawValue)),
            ("timestamp", .string(UTCTimestamp.format(time))),
            ("data", data),
        ]))).utf8)
    }
}
