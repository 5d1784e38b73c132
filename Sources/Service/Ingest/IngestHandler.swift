import Core
import HTTP
import JSON
import Logging
import Providers
import Storage

/// `POST /hooks/botadmin/{account}` and `POST /hooks/yunzhenji/{account}`: check, decode, store,
/// and answer only once the event is committed (docs/api.md, "Inbound hooks").
struct IngestHandler: Sendable {
    let directory: AccountDirectory
    let store: any EventStore
    /// The auto-reply's planner, asked by the store about each new inbound message.
    var replies: ReplyPlanner?
    let clock: @Sendable () -> Double
    let logger: Logger
    /// Called after a commit that queued an auto-reply: the dispatcher sends it without delay.
    var onReplyQueued: @Sendable () -> Void = {}
    /// Called after a commit that created forwards: the forwarder sends them without delay.
    var onForwarded: @Sendable () -> Void = {}
    /// Called after a new (not redelivered) event is committed, for the metrics.
    var onStored: @Sendable (InboundEvent) -> Void = { _ in }
    /// The chat kind of a conversation whose payload does not say (bot-admin): the account's
    /// group list, else the `@chatroom` rule. Decided once, here, and stored with the event, so
    /// the API, the rules and the forwards all see the same answer.
    var chatOf: @Sendable (_ account: String, _ conversation: String) -> ChatKind = { ChatKind.guess(conversation: $1) }

    func botadmin(_ request: HTTPRequest) async -> HTTPResponse {
        await ingest(request, provider: .botadmin) { json, account throws(InboundError) in
            guard let expected = account.secret else { throw .unauthorized("account has no secret configured") }
            guard let given = BotadminWebhook.secret(in: json) else { throw .unauthorized("missing secret") }
            guard expected.matches(given) else { throw .unauthorized("wrong secret") }
            return try BotadminWebhook.decode(body: request.body, json: json, account: account)
        }
    }

    func yunzhenji(_ request: HTTPRequest) async -> HTTPResponse {
        await ingest(request, provider: .yunzhenji) { json, account throws(InboundError) in
            if let expected = account.callbackToken {
                guard let given = request.queryParameter("token") else { throw .unauthorized("missing token") }
                guard expected.matches(given) else { throw .unauthorized("wrong token") }
            }
            return try YunzhenjiCallback.decode(body: request.body, json: json, account: account)
        }
    }

    private func ingest(
        _ request: HTTPRequest, provider: Provider,
        decode: (JSONValue, Account) throws(InboundError) -> InboundEvent
    ) async -> HTTPResponse {
        let name = request.pathParameters["account"] ?? ""
        guard let account = directory.account(provider, name) else {
            return .jsonError(.notFound, "unknown \(provider.rawValue) account" + (AccountName.isValid(name) ? " \"\(name)\"" : ""))
        }
        if let refusal = JSONBody.refusal(of: request) { return refusal }
        let json: JSONValue
        do {
            json = try JSON.parse(request.body)
        } catch {
            return .jsonError(.badRequest, "body is not valid JSON: \(error.description)")
        }
        // Every provider's payload is an object: anything else is malformed, and is refused as
        // such before a secret or token is looked for (a 401 would send the sender hunting for
        // the wrong mistake).
        guard json.objectValue != nil else {
            return .jsonError(.badRequest, "body must be a JSON object, not \(json.typeName)")
        }
        var event: InboundEvent
        do {
            event = try decode(json, account)
        } catch {
            return .jsonError(error.status == 401 ? .unauthorized : .badRequest, error.description)
        }
        if event.isGroup == nil, event.kind == .message || event.kind == .selfMessage, let conversation = event.conversation {
            event.isGroup = chatOf(account.name, conversation) == .group
        }
        let now = clock()
        let id = Identifier.make(prefix: "e_", unixMillis: UInt64(now * 1000))
        do {
            let result = try await store.ingest(event, id: id, receivedAt: now, replies: replies)
            if !result.duplicate { onStored(event) }
            if result.replied { onReplyQueued() }
            if result.forwarded || result.messageID != nil { onForwarded() }
            return .json(.ok, Array("{\"ok\":true,\"event_id\":\"\(result.eventID)\",\"duplicate\":\(result.duplicate)}".utf8))
        } catch {
            let reason = StoreFailure.describe(error)
            logger.error("event not stored", [("provider", provider.rawValue), ("account", name),
                                                ("request_id", request.id), ("reason", reason)])
            return .jsonError(.serviceUnavailable, "event not stored: \(reason); retry later")
        }
    }
}

/// Account names as the contract allows them: `[A-Za-z0-9_-]{1,64}`. Only such a name is ever
/// repeated back in an error message.
enum AccountName {
    static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x2d || b == 0x5f
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
