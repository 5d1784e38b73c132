import Core
import HTTPClient
import Logging
import Providers
import Synchronization

/// Which bot-admin conversations are groups. bot-admin's webhook does not say; its group list
/// (`GET /api/groups`) does (docs/providers.md, "Conversation lists"). The lists are fetched at
/// start and every few minutes; until one has arrived, a conversation id ending in `@chatroom`
/// counts as a group. A list that could not be read is asked for again sooner — 5 s, then twice
/// as long each time up to the interval — so a provider (or `wxhook sim`) that comes up just
/// after `serve` is not waited for a whole interval.
final class GroupDirectory: Sendable {
    private let accounts: [Account]
    private let transport: any SendTransport
    private let logger: Logger
    private let groups = Mutex<[String: Set<String>]>([:])
    let interval: Double
    let firstRetry: Double

    init(accounts: [Account], transport: any SendTransport, logger: Logger, interval: Double = 300,
         firstRetry: Double = 5) {
        self.accounts = accounts.filter { $0.provider == .botadmin }
        self.transport = transport
        self.logger = logger
        self.interval = interval
        self.firstRetry = firstRetry
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
        var retry = firstRetry
        while !Task.isCancelled {
            var allRead = true
            for account in accounts {
                if await !refresh(account) { allRead = false }
            }
            let wait = allRead ? interval : min(retry, interval)
            retry = allRead ? firstRetry : min(retry * 2, interval)
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    /// Whether the account's list was read.
    private func refresh(_ account: Account) async -> Bool {
        guard let request = try? BotadminConversations.groupsRequest(account: account) else { return true }
        switch await transport.send(request, timeoutMs: 10_000) {
        case .answer(let status, let body):
            if let ids = BotadminConversations.groupIDs(status: status, body: body) {
                groups.withLock { $0[account.name] = ids }
                return true
            }
            logger.warn("bot-admin group list not read", [("account", account.name), ("status", String(status))])
        case .failure(let reason):
            logger.warn("bot-admin group list not read", [("account", account.name), ("reason", reason)])
        }
        return false
    }
}
