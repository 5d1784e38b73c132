import Core
import Delivery
import HTTP
import JSON
import Storage

// `GET /api/messages`, `GET /api/messages/{id}`, `POST /api/messages/{id}/retry` and `…/cancel`.
extension AdminAPI {
    func listMessages(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let query = QueryParameters(request)
            let (since, until) = try query.window()
            let filter = MessageFilter(
                state: try query.choice("state", DeliveryState.self),
                provider: try query.choice("provider", Provider.self), account: try query.filterValue("account"),
                conversation: try query.filterValue("conversation"), since: since, until: until)
            let (limit, offset) = try query.page()
            do {
                return Self.json(.ok, try await outbox.list(filter: filter, limit: limit, offset: offset).json)
            } catch {
                throw .store(error)
            }
        }
    }

    func messageDetail(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            let detail: OutboxMessageDetail?
            do {
                detail = try await outbox.message(id: id)
            } catch {
                throw .store(error)
            }
            guard let detail else { throw AdminError(.notFound, "no message\(Echo.quoted(id))") }
            return Self.json(.ok, detail.json)
        }
    }

    func retry(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            do {
                let message = try await outbox.retry(messageID: id, now: clock())
                wakeDispatcher()
                return Self.json(.ok, message.json)
            } catch {
                throw Self.operatorFailure(error, id: id)
            }
        }
    }

    func cancel(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            do {
                let message = try await outbox.cancel(messageID: id, now: clock())
                wakeForwarder()
                return Self.json(.ok, message.json)
            } catch {
                throw Self.operatorFailure(error, id: id)
            }
        }
    }

    /// `404` for an unknown id (named only when it looks like one), `409` in the wrong state.
    private static func operatorFailure(_ error: any Error, id: String) -> AdminError {
        if case .messageNotFound? = error as? OutboxError {
            return AdminError(.notFound, "no message\(Echo.quoted(id))")
        }
        return .store(error)
    }
}
