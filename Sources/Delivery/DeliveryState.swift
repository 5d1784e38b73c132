/// Where an outbox message stands. The raw values are the contract's state names
/// (`GET /api/messages?state=`, the timeline's `from`/`to`), so they are safe to store.
public enum DeliveryState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting for its time (`send_at`), its account's pacing, or a retry's backoff.
    case queued
    /// A request to the provider is in flight.
    case sending
    /// A provider with receipts took it; only callbacks (or the expiry timer) finish it.
    case accepted
    /// Every item echoed (`chatMsg`); waiting `confirm_after_s` for a possible `chatMsgSendFail`.
    case echoed
    /// Echoed and no failure within `confirm_after_s` of the last echo.
    case delivered
    /// Taken by a provider that never sends receipts.
    case sent
    /// Rejected, a `chatMsgSendFail`, or `max_attempts` used up; the record's `error` says why.
    case failed
    /// Accepted or echoed, but no final word within `expire_after_s` of acceptance.
    case expired
    /// Cancelled by an operator while queued.
    case cancelled

    /// Whether nothing more is expected. A final state is left only by a late `chatMsgSendFail`
    /// (`delivered`/`expired` → `failed`) or by a manual retry (`failed`/`expired` → `queued`).
    public var isFinal: Bool {
        switch self {
        case .queued, .sending, .accepted, .echoed: false
        case .delivered, .sent, .failed, .expired, .cancelled: true
        }
    }

    /// Whether the message waits for a receipt (`awaiting_receipt` in `/health`).
    public var isAwaitingReceipt: Bool { self == .accepted || self == .echoed }
}
