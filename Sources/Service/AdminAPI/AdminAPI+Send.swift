import HTTP
import JSON
import Storage

// `POST /api/send`.
extension AdminAPI {
    /// The longest `Idempotency-Key` accepted.
    static let idempotencyKeyLimit = 1...128

    func send(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            var claim: IdempotencyClaim?
            if let key = request.headers["Idempotency-Key"] {
                guard Self.idempotencyKeyLimit.contains(key.count) else {
                    throw .badRequest("Idempotency-Key must be 1 to 128 characters")
                }
                claim = IdempotencyClaim(key: key, body: request.body)
            }
            let send = try SendRequest.read(request.body, accounts: knownAccounts)
            let result: EnqueueResult
            do {
                result = try await outbox.enqueue(send.messages, idempotency: claim, now: clock())
            } catch {
                throw .store(error)
            }
            switch result {
            case .created(let messages):
                wakeDispatcher()
                return Self.json(.accepted, OutboxMessage.sendAnswer(messages))
            case .repeated(let answer):
                return Self.json(.accepted, answer)
            case .conflict:
                throw AdminError(.conflict, "this Idempotency-Key was already used with another body")
            }
        }
    }
}
