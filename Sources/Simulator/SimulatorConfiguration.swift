import Core

/// How `wxhook sim` runs: built once by the executable from its flags and `--config`.
public struct SimulatorConfiguration: Sendable {
    public var host: String
    /// 0 binds any free port (tests); `SimulatorServer.start()` returns the bound one.
    public var port: Int
    /// Accounts whose credentials are checked; empty: any credentials are accepted.
    public var accounts: [Account]
    /// wxhook's base URL (`http://127.0.0.1:8080`): yunzhenji callbacks go to
    /// `{callback}/hooks/yunzhenji/{account}`, `/sim/inbound` deliveries to `/hooks/{provider}/{account}`.
    /// nil: no callbacks, and `/sim/inbound` is refused.
    public var callback: String?
    /// Probability, 0…1, that an accepted yunzhenji message gets a `chatMsgSendFail` after its echo.
    public var failRate: Double
    /// Probability, 0…1, that an accepted yunzhenji message's callbacks are each sent twice.
    public var duplicateRate: Double
    /// Wait before each callback, in milliseconds, chosen uniformly in this range.
    public var callbackDelayMs: ClosedRange<Int>
    /// nil: a fresh seed each run.
    public var seed: UInt64?
    /// Conversation ids `GET /api/groups` lists for every botadmin account from the start.
    public var groups: [String]
    /// The log keeps the newest entries only, so a long-running simulator stays small.
    public var logLimit: Int
    /// Attempts per callback POST before it is given up (the service may be restarting).
    public var callbackAttempts: Int
    /// The secret `/sim/app` checks forwards with: the subscription whose `url` ends in
    /// `/sim/app`. nil: every forward is refused (401).
    public var applicationSecret: WebhookSecret?

    public init(host: String = "127.0.0.1", port: Int = 9090, accounts: [Account] = [],
                callback: String? = nil, failRate: Double = 0, duplicateRate: Double = 0,
                callbackDelayMs: ClosedRange<Int> = 20...200, seed: UInt64? = nil, groups: [String] = [],
                logLimit: Int = 10_000, callbackAttempts: Int = 5, applicationSecret: WebhookSecret? = nil) {
        self.host = host
        self.port = port
        self.accounts = accounts
        self.callback = callback.map { url in
            var url = Substring(url)
            while url.hasSuffix("/") { url = url.dropLast() }
            return String(url)
        }
        self.failRate = failRate
        self.duplicateRate = duplicateRate
        self.callbackDelayMs = callbackDelayMs
        self.seed = seed
        self.groups = groups
        self.logLimit = logLimit
        self.callbackAttempts = callbackAttempts
        self.applicationSecret = applicationSecret
    }
}
