import Foundation

/// One `GET /api/events` item as contract.md fixes it, decoded by Foundation (not by our JSON).
struct EventView: Decodable, Sendable {
    let id: String
    let provider: String
    let account: String
    let kind: String
    let conversation: String?
    let sender: String?
    let text: String?
    let isSelf: Bool
    let messageId: String?
    let receivedAt: Double
}
