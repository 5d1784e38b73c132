import Foundation

/// One `GET /api/messages` item as the admin API answers it, with what links a reply to the event it
/// answers (`rule`, `in_reply_to`), which `MessageView` leaves out.
package struct OutboxEntry: Decodable, Sendable {
    package let id: String
    package let provider: String
    package let account: String
    package let conversation: String
    package let items: [MessageView.Item]
    package let state: String
    package let origin: String
    package let rule: String?
    package let inReplyTo: String?
    package let attempts: Int
    package let createdAt: Double

    package var isFinal: Bool { MessageView.finalStates.contains(state) }

    package var texts: [String] { items.compactMap(\.text) }

    /// "conversation|text", as `MessageView.sightingKey` and `SimRequest.sightingKey`.
    package var sightingKey: String { conversation + "|" + texts.joined(separator: "+") }
}
