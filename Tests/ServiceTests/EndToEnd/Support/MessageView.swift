import Foundation

/// `GET /api/messages/{id}` as contract.md fixes it, decoded by Foundation (not by our JSON).
struct MessageView: Decodable, Sendable {
    struct Row: Decodable, Sendable, CustomStringConvertible {
        let time: Double
        let from: String?
        let to: String
        let cause: String

        var description: String { "\(from ?? "nil") → \(to): \(cause)" }
    }

    struct Item: Decodable, Sendable {
        let type: String
        let text: String?
    }

    struct Attempt: Decodable, Sendable {
        let attempt: Int
        let apiSendIds: [String]
        let startedAt: Double
        let outcome: String?
        let error: String?
    }

    let id: String
    let provider: String
    let account: String
    let conversation: String
    let items: [Item]
    let state: String
    let origin: String
    let attempts: Int
    let providerIds: [String?]
    let error: String?
    let timeline: [Row]?
    let attemptHistory: [Attempt]?

    static let finalStates: Set<String> = ["delivered", "sent", "failed", "expired", "cancelled"]

    var isFinal: Bool { Self.finalStates.contains(state) }

    /// The rows that changed the state, as `from→to` (the first row's `from` is "nil").
    var transitions: [String] {
        (timeline ?? []).filter { $0.from != $0.to }.map { "\($0.from ?? "nil")→\($0.to)" }
    }

    /// Whether every row's `from` is the previous row's `to`, and only the first row's is null.
    var timelineChains: Bool {
        let rows = timeline ?? []
        guard let first = rows.first, first.from == nil else { return false }
        return zip(rows, rows.dropFirst()).allSatisfy { previous, row in row.from == previous.to }
    }

    /// "conversation|text": what a customer would see, to find the same message in `/sim/log`.
    var sightingKey: String { conversation + "|" + items.compactMap(\.text).joined(separator: "+") }

    /// Every row, one a line: for failure messages.
    var story: String {
        "\(id) \(state) attempts=\(attempts) error=\(error ?? "nil")\n"
            + (timeline ?? []).map { "  \($0)" }.joined(separator: "\n")
    }

    static func decode(_ data: Data) throws -> MessageView {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(MessageView.self, from: data)
    }
}
