import Core
import HTTPClient
import Logging
import Providers
import Synchronization

/// Which bot-admin conversations are groups. bot-admin's webhook does not say; its group list
/// (`GET /api/groups`) does (docs/providers.md, "Conversation lists"). The lists are fetched at
/// start and every few minutes; until one has arrived, a conversation id ending in `@chatroom`
/// counts as a group.
final class GroupDirectory: Sendable {
    private let accounts: [Account]
    private let transport: any SendTransport
    private let logger: Logger
    private let groups = Mutex<[String: Set<String>]>([:])
    let interval: Double

    init(accounts: [Account], transport: any SendTransport, logger: Logger, interval: Double = 300) {
        self.accounts = accounts.filter { $0.provider == .botadmin }
        self.transport = transport
        self.logger = logger
        self.interval = interval
    }

    /// The chat kind of a bot-admin conversation, as well as it is known.
    func chat(account: String, conversation: String) -> ChatKind {
        if let known = groups.withLock({ $0[account] }) {
            return known.contains(conversation) ? .group : .private
        }
        return .guess(conversation: conversation)
    }

    func run() async {
        guard !accounts.isEmpty else { return }
        while !Task.isCancelled {
            for account in accounts { await refresh(account) }
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }

    private func refresh(_ account: Account) async {
        guard let request = try? BotadminConversations.groupsRequest(account: account) else { return }
        switch await transport.send(request, timeoutMs: 10_000) {
        case .answer(let status, let body):
            if let ids = BotadminConversations.groupIDs(status: status, body: body) {
                groups.withLock { $0[account.name] = ids }
            } else {
                logger.warn("bot-admin group list not read", [("account", account.name), ("status", String(status))])
            }
        case .failure(let reason):
            logger.warn("bot-admin group list not read", [("account", account.name), ("reason", reason)])
        }
    }
}
