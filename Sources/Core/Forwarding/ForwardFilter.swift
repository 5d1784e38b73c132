/// A subscription's `events`, `providers`, `accounts` and `chats`: nil means "all" (the key is
/// absent); an empty `events` means no event stream at all.
public struct ForwardFilter: Sendable, Hashable {
    public var events: Set<ForwardType>?
    public var providers: Set<Provider>?
    /// Bare account names, as everywhere a user names an account.
    public var accounts: Set<String>?
    public var chats: Set<ChatKind>?

    public init(events: Set<ForwardType>? = nil, providers: Set<Provider>? = nil, accounts: Set<String>? = nil,
                chats: Set<ChatKind>? = nil) {
        self.events = events
        self.providers = providers
        self.accounts = accounts
        self.chats = chats
    }

    /// Whether a subscription with this filter takes `subject`. A `chats` filter takes nothing
    /// whose chat kind is unknown: it asked for some kinds, and this is none it asked for.
    public func takes(_ subject: ForwardSubject) -> Bool {
        if let events, !events.contains(subject.type) { return false }
        if let providers, !providers.contains(subject.provider) { return false }
        if let accounts, !accounts.contains(subject.account) { return false }
        if let chats {
            guard let chat = subject.chat, chats.contains(chat) else { return false }
        }
        return true
    }
}

/// The pure decision "which subscriptions take this": the store asks it inside the transaction
/// that stores an event or moves a message to a final state, and creates one forward per name.
public struct ForwardRouting: Sendable, Hashable {
    /// Subscription names and their filters, in configuration order.
    public var subscriptions: [Route]

    public struct Route: Sendable, Hashable {
        public var name: String
        public var filter: ForwardFilter

        public init(name: String, filter: ForwardFilter) {
            self.name = name
            self.filter = filter
        }
    }

    public init(_ subscriptions: [Route]) {
        self.subscriptions = subscriptions
    }

    /// The routes of the configured subscriptions.
    public init(subscriptions: [Subscription]) {
        self.init(subscriptions.map { Route(name: $0.name, filter: $0.filter) })
    }

    /// The names of the subscriptions that take `subject`, each once, in configuration order.
    public func subscriptions(taking subject: ForwardSubject) -> [String] {
        var seen = Set<String>()
        return subscriptions.compactMap { route in
            route.filter.takes(subject) && seen.insert(route.name).inserted ? route.name : nil
        }
    }

    public var isEmpty: Bool { subscriptions.isEmpty }

    /// For a question some of whose parts are unknown (a rule test that names no provider or
    /// account): the subscriptions that would take an event of `type`, an unknown part not
    /// checked against the filters; then `handoff`'s subscription, which a rule's hand-off
    /// reaches whatever its filters say. Each once, in configuration order.
    public func subscriptions(wouldTake type: ForwardType, provider: Provider?, account: String?, chat: ChatKind?,
                              handoff: String? = nil) -> [String] {
        var seen = Set<String>()
        return subscriptions.compactMap { route in
            let filter = route.filter
            let takes = (filter.events.map { $0.contains(type) } ?? true)
                && (provider.map { provider in filter.providers.map { $0.contains(provider) } ?? true } ?? true)
                && (account.map { account in filter.accounts.map { $0.contains(account) } ?? true } ?? true)
                && (filter.chats.map { chats in chat.map(chats.contains) ?? false } ?? true)
            return (takes || route.name == handoff) && seen.insert(route.name).inserted ? route.name : nil
        }
    }
}
