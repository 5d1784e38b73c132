import Foundation
import ServiceHarness
import Synchronization

/// The application a crash run forwards to: one subscription to a `ForwardReceiver` taking
/// `event.message` and every `message.*` type. In the trials that `refuse`, the first attempt of
/// every third webhook-id is answered 503, so retries wait across the kill.
final class CrashForwarding: Sendable {
    static let secret = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="
    static let subscription = "crash"

    /// Whether first attempts are refused now, shared with the receiver's script.
    private final class Switch: Sendable {
        let on = Atomic(false)
    }

    let receiver: ForwardReceiver
    private let refusing: Switch

    init() throws {
        let refusing = Switch()
        self.refusing = refusing
        receiver = try ForwardReceiver { request in
            let third = request.id.utf8.reduce(0) { $0 &+ Int($1) } % 3 == 0
            return refusing.on.load(ordering: .relaxed) && third && request.repeatIndex == 0 ? .status(503) : .status(200)
        }
    }

    /// Whether this trial's first attempts of some webhook-ids fail.
    func refuse(_ on: Bool) { refusing.on.store(on, ordering: .relaxed) }

    /// The config's `forward` array.
    var forwardJSON: String {
        "[" + receiver.subscription(Self.subscription, secret: Self.secret,
                                    extra: #""events":["event.message","message.delivered","message.sent","#
                                        + #""message.failed","message.expired","message.cancelled"],"retry_base_ms":200"#)
            + "]"
    }

    /// Waits until `GET /api/subscriptions` shows no forward pending or delivering and every
    /// listed `message` event has a 2xx answer at the receiver; returns the events and how many
    /// forwards the subscription holds in all, or throws at `seconds`.
    func drain(_ stack: TestService, within seconds: Double) async throws -> (events: [EventView], forwards: Int) {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let answer = try await stack.client.get("/api/subscriptions")
            let counts = answer.json["items"]?.arrayValue?.first { $0["name"]?.stringValue == Self.subscription }?["counts"]
            let count = { (state: String) in counts?[state]?.intValue ?? -1 }
            let events = try await stack.allEvents("kind=message")
            let delivered = Set(receiver.received.filter { (200..<300).contains($0.status) }.map(\.eventID))
            if count("pending") == 0 && count("delivering") == 0 && events.allSatisfy({ delivered.contains($0.id) }) {
                return (events, ["pending", "delivering", "delivered", "failed"].map(count).reduce(0, +))
            }
            guard Date() < deadline else {
                let missing = events.filter { !delivered.contains($0.id) }.map(\.id)
                throw HarnessFailure("forwards did not drain in \(seconds) s: \(answer.text); \(missing.count) events "
                                     + "without a 2xx, first \(missing.prefix(5))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

extension ForwardReceiver.Request {
    /// The event the body carries.
    var eventID: String { json["data"]?["id"]?.stringValue ?? "" }
}

extension CrashForwarding {
    /// Every forward of the subscription as `GET /api/forwards` lists it, by id: what it tells of
    /// (`event_id` or `message_id`) and its type. Forwards created while the pages are read push
    /// older ones to later pages (newest first), so one may be read twice, never missed.
    func forwards(_ stack: TestService) async throws -> [String: (event: String?, message: String?, type: String)] {
        var all: [String: (event: String?, message: String?, type: String)] = [:]
        var offset = 0
        while true {
            let page = try await stack.client.get("/api/forwards?subscription=\(Self.subscription)&limit=500&offset=\(offset)")
            let items = page.items
            for item in items {
                all[item["id"]?.stringValue ?? ""] = (item["event_id"]?.stringValue, item["message_id"]?.stringValue,
                                                      item["type"]?.stringValue ?? "")
            }
            offset += items.count
            if items.isEmpty || offset >= page.json["total"]?.intValue ?? 0 { return all }
        }
    }
}

extension CrashForwarding {
    /// Invariant 5 once the forwards have drained (within `seconds`), and 6 with `messages` (every
    /// message of a settled run): what the application received against what the API lists, and
    /// one forward per stored event as the API counts them too.
    func violations(_ stack: TestService, messages: [OutboxEntry]?, drainWithin seconds: Double) async throws -> [String] {
        let (events, _) = try await drain(stack, within: seconds)
        let requests = receiver.received
        var found = CrashInvariants.forwardedOnce(events, requests: requests, secret: Self.secret)
        let listed = try await forwards(stack).values
        let ofEvents = listed.filter { $0.event != nil }.count
        if ofEvents != events.count {
            found.append("the subscription holds \(ofEvents) event forwards for \(events.count) stored message events")
        }
        if let messages {
            found += CrashInvariants.messageStatesForwardedOnce(messages, requests: requests, secret: Self.secret)
            let ofMessages = listed.filter { $0.message != nil }.count
            let seen = Set(requests.filter { $0.type.hasPrefix("message.") }.map(\.id)).count
            if ofMessages != seen {
                found.append("the subscription holds \(ofMessages) message forwards; the application saw \(seen) webhook-ids")
            }
        }
        return found
    }
}
