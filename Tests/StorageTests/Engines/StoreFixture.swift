import Core
import Delivery
import Foundation
import Storage

/// A store of its own, on one engine. `open()` opens it (again): closing the store and opening
/// anew is a restart. The place goes away with `remove()`.
struct StoreFixture: Sendable {
    static let t0 = 1_763_700_000.0
    /// `dedupe_window_s` of the stores the fixture opens.
    static let dedupeWindow = 300.0

    let factory: StoreFactory
    let policy: DeliveryPolicy
    /// The forwards planner of the stores the fixture opens; nil: none.
    let forwarding: (any ForwardPlanner)?
    private let place: StorePlace

    init(_ factory: StoreFactory, policy: DeliveryPolicy = DeliveryPolicy(), forwarding: (any ForwardPlanner)? = nil)
        throws {
        self.factory = factory
        self.policy = policy
        self.forwarding = forwarding
        place = try factory.makePlace()
    }

    func open() throws -> any Store {
        try place.open(policy, Self.dedupeWindow, forwarding)
    }

    func remove() { place.remove() }

    /// Runs `body` once per engine with a fixture of its own, then removes it.
    static func forEachEngine(
        policy: DeliveryPolicy = DeliveryPolicy(), forwarding: (any ForwardPlanner)? = nil,
        _ body: (StoreFixture) async throws -> Void
    ) async throws {
        for factory in StoreFactory.all {
            let fixture = try StoreFixture(factory, policy: policy, forwarding: forwarding)
            defer { fixture.remove() }
            try await body(fixture)
        }
    }

    /// Runs `body` with a freshly opened store on every engine, then closes it and removes it.
    static func with(
        policy: DeliveryPolicy = DeliveryPolicy(), forwarding: (any ForwardPlanner)? = nil,
        _ body: (any Store, StoreFixture) async throws -> Void
    ) async throws {
        try await forEachEngine(policy: policy, forwarding: forwarding) { fixture in
            let store = try fixture.open()
            do {
                try await body(store, fixture)
                await store.close()
            } catch {
                await store.close()
                throw error
            }
        }
    }
}

extension Store {
    /// Stores a 云真机 callback as ingest does — the event row, then its effect, then the link, in
    /// one transaction — and returns the event id and the message it was applied to.
    @discardableResult
    func ingestCallback(
        _ kind: EventKind, apiSendID: String? = nil, providerID: String? = nil, errmsg: String? = nil,
        account: String = "sales", now: Double
    ) async throws -> (eventID: String, messageID: String?) {
        let event = InboundEvent(
            provider: .yunzhenji, account: account, kind: kind,
            providerType: kind == .receipt ? "chatMsg" : "chatMsgSendFail", apiSendID: apiSendID,
            apiSendSvrID: providerID, error: errmsg, isSelf: true,
            dedupeKey: DedupeKey(value: UUID().uuidString, windowed: false), rawBody: Array("{}".utf8))
        let eventID = Identifier.make(prefix: "e_", unixMillis: UInt64(now * 1000))
        let result = try await ingest(event, id: eventID, receivedAt: now, replies: nil)
        return (result.eventID, result.messageID)
    }

    /// The message an event is linked to (nil while it is an orphan).
    func linkedMessage(ofEvent id: String) async throws -> String? {
        let page = try await events(matching: EventFilter(), limit: 10_000, offset: 0)
        guard let event = page.items.first(where: { $0.id == id }) else {
            throw StoreFixtureError("no event \(id)")
        }
        return event.messageID
    }

    /// Enqueues one message through the API path and returns it.
    func enqueueOne(
        provider: Provider = .yunzhenji, account: String = "sales", conversation: String = "7xxx",
        items: [MessageItem] = [.text("您好")], origin: MessageOrigin = .api, sendAt: Double? = nil, now: Double
    ) async throws -> OutboxMessage {
        let new = NewOutboxMessage(provider: provider, account: account, conversation: conversation, items: items,
                                   origin: origin, sendAt: sendAt)
        guard case .created(let messages) = try await enqueue([new], now: now), let message = messages.first else {
            throw StoreFixtureError("enqueue created nothing")
        }
        return message
    }

    /// The message's detail, which must exist.
    func detail(_ id: String) async throws -> OutboxMessageDetail {
        guard let detail = try await message(id: id) else { throw StoreFixtureError("no message \(id)") }
        return detail
    }
}

struct StoreFixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension [TimelineEntry] {
    /// Every row's `from` is the previous row's `to`, and only the first has none.
    var isChained: Bool {
        guard let first, first.from == nil else { return false }
        return zip(self, dropFirst()).allSatisfy { previous, next in next.from == previous.to }
    }
}
