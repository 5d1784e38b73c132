/// The bot providers wxhook talks to. The raw value is the name used in configuration, URLs
/// and the API (`"botadmin"`, `"yunzhenji"`, …).
public enum Provider: String, Sendable, Hashable, CaseIterable, Codable {
    case botadmin
    case yunzhenji
    case gowechat
    case wecom

    /// Whether the provider reports a final delivery receipt (`chatMsg` / `chatMsgSendFail`).
    /// Without receipts a message the provider took is final as `sent`.
    public var hasReceipts: Bool { self == .yunzhenji }

    /// How many items one send request may carry.
    public var maxItemsPerRequest: Int { self == .yunzhenji ? 5 : 1 }

    /// Whether the provider POSTs inbound webhooks or callbacks to wxhook.
    public var hasInbound: Bool { self == .botadmin || self == .yunzhenji }
}
