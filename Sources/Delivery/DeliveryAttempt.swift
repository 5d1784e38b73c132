/// How the provider answered an attempt's request (`attempt_history[].outcome`).
public enum AttemptOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// Taken by a provider with receipts (possibly inferred from an echo, see `retryable`).
    case accepted
    /// Taken by a provider without receipts.
    case sent
    /// Refused, or an item was left out of the answer; not retried.
    case rejected
    /// Connection error, timeout or 5xx: another attempt follows, or the budget is used up.
    case retryable
    /// The process stopped while the request was in flight; a new attempt follows.
    case interrupted
}

/// One send of a message: a number, one `api_send_id` per item, and what came of it.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    /// 1, 2, 3 … over the message's whole life (a manual retry continues the count).
    public let number: Int
    public let startedAt: Double
    public var items: [ItemDelivery]
    /// Nil while the request is in flight.
    public var outcome: AttemptOutcome?
    /// When the answer (or its substitute: recovery) came.
    public var answeredAt: Double?
    /// The reason of a rejection, a retryable failure or an item's failure.
    public var error: String?

    public init(
        number: Int, startedAt: Double, items: [ItemDelivery],
        outcome: AttemptOutcome? = nil, answeredAt: Double? = nil, error: String? = nil
    ) {
        self.number = number
        self.startedAt = startedAt
        self.items = items
        self.outcome = outcome
        self.answeredAt = answeredAt
        self.error = error
    }

    public var apiSendIDs: [String] { items.map(\.apiSendID) }
    public var providerIDs: [String?] { items.map(\.providerID) }

    /// The latest echo of any item; `confirm_after_s` runs from it.
    var lastEchoAt: Double? { items.lazy.compactMap(\.echoedAt).max() }
    var allEchoed: Bool { items.allSatisfy(\.hasEchoed) }
    var anyEchoed: Bool { items.contains(where: \.hasEchoed) }

    /// The first item failure, by time and then by position.
    var firstFailure: (index: Int, item: ItemDelivery)? {
        var first: (index: Int, item: ItemDelivery, at: Double)?
        for (index, item) in items.enumerated() {
            guard let at = item.failedAt else { continue }
            if let earlier = first, earlier.at <= at { continue }
            first = (index, item, at)
        }
        return first.map { ($0.index, $0.item) }
    }
}
