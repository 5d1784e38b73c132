import Core
import Delivery
import JSON
@testable import Service
import Storage
import Testing

/// What a forward sends, decided from values: which subscriptions take it, the body's shape, the
/// payload without its secret, the timestamp's form, and `Retry-After` read both ways.
@Suite struct ForwardBodiesTests {
    static let secret = try! WebhookSecret("whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY=")

    static func subscription(_ name: String, _ filter: ForwardFilter = ForwardFilter()) -> Subscription {
        Subscription(name: name, url: "http://127.0.0.1:1/x", secret: secret, secretText: Secret("s"), filter: filter)
    }

    static let planner = ForwardBodies([
        subscription("crm"),
        subscription("groups", ForwardFilter(chats: [.group])),
        subscription("messages", ForwardFilter(events: [.messageSent, .messageFailed])),
    ])

    static func event(conversation: String?, isGroup: Bool?) -> StoredEvent {
        StoredEvent(id: "e_1", provider: "botadmin", account: "shop", kind: "message", conversation: conversation,
                    sender: "u1", text: "价格", isSelf: false, isGroup: isGroup, messageID: nil, receivedAt: 1_765_094_400.123)
    }

    @Test func anEventCarriesItsViewAndItsPayloadWithoutTheSecret() throws {
        let raw = Array(#"{"secret":"shop-secret","msgtype":"text","conversation_id":"c1","text":{"content":"价格"}}"#.utf8)
        let forwards = Self.planner.forwards(ofEvent: Self.event(conversation: "c1", isGroup: false), raw: raw)
        #expect(forwards.map(\.subscription) == ["crm"])
        let body = try JSON.parse(try #require(forwards.first).body)
        #expect(body["type"]?.stringValue == "event.message")
        #expect(body["timestamp"]?.stringValue == "2025-12-07T08:00:00.123Z")
        #expect(body["data"]?["id"]?.stringValue == "e_1" && body["data"]?["text"]?.stringValue == "价格")
        #expect(body["data"]?["raw"]?["msgtype"]?.stringValue == "text")
        #expect(body["data"]?["raw"]?["secret"] == nil)
        #expect(!String(decoding: forwards[0].body, as: UTF8.self).contains("shop-secret"))
    }

    @Test func aChatKindNobodyStatedIsGuessedFromTheConversation() {
        let group = Self.planner.forwards(ofEvent: Self.event(conversation: "1@chatroom", isGroup: nil), raw: [])
        #expect(group.map(\.subscription) == ["crm", "groups"])
        let none = Self.planner.forwards(ofEvent: Self.event(conversation: nil, isGroup: nil), raw: [])
        #expect(none.map(\.subscription) == ["crm"])
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(UTCTimestamp.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.format(951_782_400.5) == "2000-02-29T00:00:00.500Z")
        #expect(UTCTimestamp.format(1_798_761_599.999) == "2026-12-31T23:59:59.999Z")
    }

    @Test func retryAfterIsSecondsOrAnHTTPDate() {
        #expect(RetryAfter.seconds("120", now: 0) == 120)
        #expect(RetryAfter.seconds(" 7 ", now: 0) == 7)
        #expect(RetryAfter.seconds("Thu, 01 Jan 1970 00:02:00 GMT", now: 60) == 60)
        #expect(RetryAfter.seconds("Thu, 01 Jan 1970 00:00:00 GMT", now: 60) == 0)
        #expect(RetryAfter.seconds("soon", now: 0) == nil)
        #expect(RetryAfter.seconds(nil, now: 0) == nil)
    }
}
