import Foundation

/// `GET /api/messages/{id}` as the admin API answers it, decoded by Foundation (not by our JSON).
package struct MessageView: Decodable, Sendable {
    package struct Row: Decodable, Sendable, CustomStringConvertible {
        package let time: Double
        package let from: String?
        package let to: String
        package let cause: String

        package var description: String { "\(from ?? "nil") → \(to): \(cause)" }
    }

    package struct Item: Decodable, Sendable {
        package let type: String
        package let text: String?
    }

    package struct Attempt: Decodable, Sendable {
        package let attempt: Int
        package let apiSendIds: [String]
        package let startedAt: Double
        package let outcome: String?
        package let error: String?
    }

    package let id: String
    package let provider: String
    package let account: String
    package let conversation: String
    package let items: [Item]
    package let state: String
    package let origin: String
    package let attempts: Int
    package let providerIds: [String?]
    package let error: String?
    package let timeline: [Row]?
    package let attemptHistory: [Attempt]?

    package static let finalStates: Set<String> = ["delivered", "sent", "failed", "expired", "cancelled"]

    package var isFinal: Bool { Self.finalStates.contains(state) }

    /// The rows that changed the state, as `from→to` (the first row's `from` is "nil").
    package var transitions: [String] {
        (timeline ?? []).filter { $0.from != $0.to }.map { "\($0.from ?? "nil")→\($0.to)" }
    }

    /// Whether every row's `from` is the previous row's `to`, and only the first row's is null.
    package var timelineChains: Bool {
        let rows = timeline ?? []
        guard let first = rows.first, first.from == nil else { return false }
        return zip(rows, rows.dropFirst()).allSatisfy { previous, row in row.from == previous.to }
    }

    /// "conversation|text": what a customer would see, to find the same message in `/sim/log`.
    package var sightingKey: String { conversation + "|" + items.compactMap(\.text).joined(separator: "+") }

    /// Every row, one a line: for failure messages.
    package var story: String {
        "\(id) \(state) attempts=\(attempts) error=\(error ?? "nil")\n"
            + (timeline ?? []).map { "  \($0)" }.joined(separator: "\n")
    }

}
