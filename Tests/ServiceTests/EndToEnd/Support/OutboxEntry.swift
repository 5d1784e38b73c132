import Foundation

/// One `GET /api/messages` item as contract.md fixes it, with what links a reply to the event it
/// answers (`rule`, `in_reply_to`), which `MessageView` leaves out.
struct OutboxEntry: Decodable, Sendable {
    let id: String
    let provider: String
    let account: String
    let conversation: String
    let items: [MessageView.Item]
    let state: String
    let origin: String
    let rule: String?
    let inReplyTo: String?
    let attempts: Int
    let createdAt: Double

    var isFinal: Bool { MessageView.finalStates.contains(state) }

    var texts: [String] { items.compactMap(\.text) }

    /// "conversation|text", as `MessageView.sightingKey` and `SimRequest.sightingKey`.
    var sightingKey: String { conversation + "|" + texts.joined(separator: "+") }
}
