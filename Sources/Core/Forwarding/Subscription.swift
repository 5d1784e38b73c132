/// One entry of the configuration's `forward`: an application that receives events and message
/// states as signed webhooks (docs/forwarding.md).
public struct Subscription: Sendable {
    /// `[A-Za-z0-9_-]{1,64}`, unique.
    public var name: String
    /// `http://` or `https://`.
    public var url: String
    /// Signs every request; never printed.
    public var secret: WebhookSecret
    /// The secret as written, only for the log redactor (`Configuration.secrets`).
    public var secretText: Secret
    public var filter: ForwardFilter
    /// One attempt's deadline.
    public var timeoutMs: Int
    public var maxAttempts: Int
    public var retryBaseMs: Int

    public init(name: String, url: String, secret: WebhookSecret, secretText: Secret,
                filter: ForwardFilter = ForwardFilter(), timeoutMs: Int = 5000, maxAttempts: Int = 8,
                retryBaseMs: Int = 1000) {
        self.name = name
        self.url = url
        self.secret = secret
        self.secretText = secretText
        self.filter = filter
        self.timeoutMs = timeoutMs
        self.maxAttempts = maxAttempts
        self.retryBaseMs = retryBaseMs
    }

    /// A subscription's name as the configuration allows it (the same rule as account names).
    public static func isValidName(_ name: String) -> Bool { Account.isValidName(name) }
}

extension Subscription: Equatable {
    public static func == (a: Subscription, b: Subscription) -> Bool {
        a.name == b.name && a.url == b.url && a.secret.key == b.secret.key && a.filter == b.filter
            && a.timeoutMs == b.timeoutMs && a.maxAttempts == b.maxAttempts && a.retryBaseMs == b.retryBaseMs
    }
}
