import Foundation

/// One `GET /api/events` item as the admin API answers it, decoded by Foundation (not by our JSON).
package struct EventView: Decodable, Sendable {
    package let id: String
    package let provider: String
    package let account: String
    package let kind: String
    package let conversation: String?
    package let sender: String?
    package let text: String?
    package let isSelf: Bool
    package let isGroup: Bool?
    package let messageId: String?
    package let receivedAt: Double
}
