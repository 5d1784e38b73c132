import Core
import Foundation

/// Everything `wxhook serve` is told: built once by `ConfigurationLoader` from flags, environment,
/// the config file and these defaults, then passed down as a value.
public struct Configuration: Sendable, Equatable {
    public var listen: ListenAddress
    /// `database` as given: a SQLite file (relative to the working directory) or a PostgreSQL URL,
    /// which may carry a password: print `database` instead.
    public var databasePath: String
    /// The rules folder.
    public var rulesPath: String
    /// Whether `rulesPath` was named by a flag, the environment or the file. A missing default
    /// folder means "no rules"; a missing named one is an error (the loader reports it).
    public var rulesPathIsExplicit: Bool
    /// Unset: `/api/*` and `/metrics` need no token, and `serve` must listen on loopback.
    public var adminToken: Secret?
    public var limits: Limits
    public var delivery: Delivery
    public var pacing: Pacing
    /// Two identical inbound bodies this close together are one redelivered event (0: off).
    public var dedupeWindowS: Int
    /// Whether a 2xx'd event must survive a power cut (`full`) or only a crash of the process.
    public var durability: Durability
    /// The zone of `{{date}}`/`{{time}}` and of `/api/stats` days.
    public var timezone: TimeZone
    /// How long events, messages and forwards are kept (docs/operations.md, "Retention").
    public var retention: Retention
    /// `lease_s`: how long a send in flight stays one instance's without being renewed (several
    /// instances on PostgreSQL); another instance recovers it after that.
    public var leaseS: Int
    public var accounts: [Account]
    /// `forward`: the applications that receive events and message states (docs/forwarding.md).
    public var subscriptions: [Subscription]

    public init(listen: ListenAddress = .serveDefault,
                databasePath: String = "data/wxhook.sqlite",
                rulesPath: String = "Rules",
                rulesPathIsExplicit: Bool = false,
                adminToken: Secret? = nil,
                limits: Limits = Limits(),
                delivery: Delivery = Delivery(),
                pacing: Pacing = Pacing(),
                dedupeWindowS: Int = 10,
                durability: Durability = .full,
                timezone: TimeZone = .current,
                retention: Retention = Retention(),
                leaseS: Int = 30,
                accounts: [Account] = [],
                subscriptions: [Subscription] = []) {
        self.listen = listen
        self.databasePath = databasePath
        self.rulesPath = rulesPath
        self.rulesPathIsExplicit = rulesPathIsExplicit
        self.adminToken = adminToken
        self.limits = limits
        self.delivery = delivery
        self.pacing = pacing
        self.dedupeWindowS = dedupeWindowS
        self.durability = durability
        self.timezone = timezone
        self.retention = retention
        self.leaseS = leaseS
        self.accounts = accounts
        self.subscriptions = subscriptions
    }

    /// Which engine and where: the parsed `databasePath`.
    public var database: DatabaseLocation { DatabaseLocation(databasePath) }

    /// The account with this provider and name, or nil.
    public func account(provider: Provider, name: String) -> Account? {
        accounts.first { $0.provider == provider && $0.name == name }
    }

    /// Every configured secret value (admin token and account credentials), revealed: for the
    /// log redactor, and for tests that check nothing leaks.
    public var secrets: [String] {
        var all = adminToken.map { [$0.revealed] } ?? []
        for account in accounts {
            all += account.credentials.secrets.map(\.revealed)
        }
        all += subscriptions.map(\.secretText.revealed)
        if case .postgres(let url) = database { all += url.passwords }
        return all
    }
}

extension Configuration {
    /// `limits`: what one HTTP request may cost.
    public struct Limits: Sendable, Hashable {
        /// A larger body is answered 413.
        public var maxBodyBytes: Int
        /// The whole request head must arrive within this, else 408.
        public var headerTimeoutMs: Int
        /// A keep-alive connection with no request for this long is closed.
        public var idleTimeoutMs: Int

        public init(maxBodyBytes: Int = 1_048_576, headerTimeoutMs: Int = 10_000, idleTimeoutMs: Int = 60_000) {
            self.maxBodyBytes = maxBodyBytes
            self.headerTimeoutMs = headerTimeoutMs
            self.idleTimeoutMs = idleTimeoutMs
        }
    }

    /// `delivery`: the timers and budget of the outbox (docs/delivery.md).
    public struct Delivery: Sendable, Hashable {
        /// An echoed message with no `chatMsgSendFail` for this long is `delivered`.
        public var confirmAfterS: Int
        /// An accepted or echoed message with no final word this long after acceptance is `expired`.
        public var expireAfterS: Int
        /// Attempts per message before it is `failed`.
        public var maxAttempts: Int
        /// The first retry delay; later ones double (with jitter, capped).
        public var retryBaseMs: Int
        /// One send request's deadline.
        public var sendTimeoutMs: Int

        public init(confirmAfterS: Int = 60, expireAfterS: Int = 900, maxAttempts: Int = 5,
                    retryBaseMs: Int = 1000, sendTimeoutMs: Int = 10_000) {
            self.confirmAfterS = confirmAfterS
            self.expireAfterS = expireAfterS
            self.maxAttempts = maxAttempts
            self.retryBaseMs = retryBaseMs
            self.sendTimeoutMs = sendTimeoutMs
        }
    }

    /// `pacing`: how fast one account may send.
    public struct Pacing: Sendable, Hashable {
        /// Items one account sends in any 60 seconds, at most.
        public var perAccountPerMinute: Int

        public init(perAccountPerMinute: Int = 60) {
            self.perAccountPerMinute = perAccountPerMinute
        }
    }

    /// `retention`: days each kind of row is kept after it was written; 0 keeps it forever.
    public struct Retention: Sendable, Hashable {
        public var eventsDays: Int
        public var messagesDays: Int
        public var forwardsDays: Int

        public init(eventsDays: Int = 30, messagesDays: Int = 90, forwardsDays: Int = 30) {
            self.eventsDays = eventsDays
            self.messagesDays = messagesDays
            self.forwardsDays = forwardsDays
        }
    }
}
