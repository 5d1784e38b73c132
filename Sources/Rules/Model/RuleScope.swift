import Core

/// Where a rule (or the default / follow reply) applies. A `nil` list means "any".
public struct RuleScope: Sendable, Hashable {
    public var providers: [Provider]?
    public var accounts: [String]?
    public var chats: [ChatKind]?
    /// In groups, answer only when the account is @-mentioned; no effect in private chats.
    public var requireMention: Bool

    public init(providers: [Provider]? = nil, accounts: [String]? = nil, chats: [ChatKind]? = nil,
                requireMention: Bool = false) {
        self.providers = providers
        self.accounts = accounts
        self.chats = chats
        self.requireMention = requireMention
    }

    /// Applies everywhere.
    public static let any = RuleScope()

    /// Why a message falls outside this scope, or nil when it is inside. A `nil` provider or
    /// account (a rule test that did not name one) is not checked against the lists.
    public func exclusion(provider: Provider?, account: String?, chat: ChatKind, mentioned: Bool) -> String? {
        if let providers, let provider, !providers.contains(provider) {
            return "out of scope: provider \(provider.rawValue) not in \(Self.list(providers.map(\.rawValue)))"
        }
        if let accounts, let account, !accounts.contains(account) {
            return "out of scope: account \(account) not in \(Self.list(accounts))"
        }
        if let chats, !chats.contains(chat) {
            return "out of scope: chat \(chat.rawValue) not in \(Self.list(chats.map(\.rawValue)))"
        }
        if requireMention, chat == .group, !mentioned {
            return "requires a mention"
        }
        return nil
    }

    private static func list(_ names: [String]) -> String { "[" + names.joined(separator: ", ") + "]" }
}
