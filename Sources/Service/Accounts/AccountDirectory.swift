import Core

/// The configured accounts by provider and name, looked up per request: the accounts providers
/// may post to under `/hooks/{provider}/{account}`, and the ones `/api/send` may name.
struct AccountDirectory: Sendable {
    private var accounts: [Provider: [String: Account]] = [:]

    init(_ accounts: [Account]) {
        for account in accounts {
            self.accounts[account.provider, default: [:]][account.name] = account
        }
    }

    func account(_ provider: Provider, _ name: String) -> Account? {
        accounts[provider]?[name]
    }

    func contains(_ provider: Provider, _ name: String) -> Bool {
        account(provider, name) != nil
    }
}
