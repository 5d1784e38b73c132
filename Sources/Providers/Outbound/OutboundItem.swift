import Core

/// One item of an outbox message on its way to a provider, with the id wxhook generated for it
/// before the request leaves (unique per message, attempt and item; see docs/delivery.md).
public struct OutboundItem: Sendable, Hashable {
    public var item: MessageItem
    /// Carried to providers that echo it back (yunzhenji `api_send_id`, gowechat `echo`).
    public var apiSendID: String
    /// yunzhenji `delayed_time`: send no earlier than this Unix time (seconds); nil sends at once.
    public var delayedTime: Int64?

    public init(item: MessageItem, apiSendID: String, delayedTime: Int64? = nil) {
        self.item = item
        self.apiSendID = apiSendID
        self.delayedTime = delayedTime
    }
}
