/// What a provider's answer to a send request means for the delivery state machine.
public enum SendOutcome: Sendable, Hashable {
    /// The provider took the request: one result per item, in request order. Providers with
    /// receipts (yunzhenji) now wait for callbacks; the others are final (`sent`).
    case accepted([ItemResult])
    /// Refused for good (4xx, a provider error code): retrying the same request cannot help.
    /// Carries the provider's own words, e.g. `errcode 40001: invalid access_token`.
    case rejected(String)
    /// May work later (5xx, 408, 429, a timeout, a connection error, an unreadable answer).
    case retryable(String)

    /// A request that got no HTTP answer at all (timeout, refused or reset connection, DNS):
    /// the provider may or may not have seen it, and wxhook's delivery is at-least-once.
    public static func transportFailure(_ reason: String) -> SendOutcome { .retryable(reason) }
}

/// The provider's word on one item of an accepted request.
public enum ItemResult: Sendable, Hashable {
    /// Taken; `providerID` is the provider's id for it when it gives one (yunzhenji
    /// `api_send_svrid`, gowechat `data.message_id`).
    case accepted(providerID: String?)
    /// Refused while the rest of the request went on (yunzhenji: its `idx` is missing from `data`).
    case rejected(String)
}
