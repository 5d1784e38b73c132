import Delivery
import HTTP
import JSON
import Storage

// `GET /api/forwards`, `GET /api/forwards/{id}`, `POST /api/forwards/{id}/retry` and
// `POST /api/events/{id}/replay`.
extension AdminAPI {
    func listForwards(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let query = QueryParameters(request)
            let (since, until) = try query.window()
            let filter = ForwardQuery(
                subscription: try query.filterValue("subscription"), state: try query.choice("state", ForwardState.self),
                eventID: try query.filterValue("event_id"), messageID: try query.filterValue("message_id"), since: since, until: until)
            let (limit, offset) = try query.page()
            do {
                return Self.json(.ok, try await forwards.forwards(matching: filter, limit: limit, offset: offset).json)
            } catch {
                throw .store(error)
            }
        }
    }

    func forwardDetail(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            let detail: ForwardDetail?
            do {
                detail = try await forwards.forward(id: id)
            } catch {
                throw .store(error)
            }
            guard let detail else { throw AdminError(.notFound, "no forward\(Echo.quoted(id))") }
            return Self.json(.ok, detail.json)
        }
    }

    func retryForward(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            do {
                let forward = try await forwards.retryForward(id: id, now: clock())
                wakeForwarder()
                return Self.json(.ok, forward.json)
            } catch ForwardError.forwardNotFound {
                throw AdminError(.notFound, "no forward\(Echo.quoted(id))")
            } catch ForwardError.notRetryable(_, let state) {
                throw AdminError(.conflict, "forward is \(state.rawValue); only a failed forward can be retried")
            } catch {
                throw .store(error)
            }
        }
    }

    /// `{"subscription":"crm"}`: the stored event again, to that subscription, as a new forward.
    func replay(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            let name = try Self.replaySubscription(request.body)
            guard subscriptions.contains(where: { $0.name == name }) else {
                throw .unprocessable("no subscription\(Echo.quoted(name))")
            }
            do {
                let forward = try await forwards.replayEvent(id: id, to: name, now: clock())
                wakeForwarder()
                return Self.json(.accepted, forward.json)
            } catch ForwardError.eventNotFound {
                throw AdminError(.notFound, "no event\(Echo.quoted(id))")
            } catch ForwardError.unknownSubscription {
                throw .unprocessable("no subscription\(Echo.quoted(name))")
            } catch {
                throw .store(error)
            }
        }
    }

    /// The `subscription` of a replay's body: `422` without a body or without the field, `400`
    /// for a body that is not a JSON object or a field that is not a string.
    static func replaySubscription(_ body: [UInt8]) throws(AdminError) -> String {
        guard body.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw .unprocessable(#"a body {"subscription":"…"} is required"#)
        }
        let json: JSONValue
        do {
            json = try JSON.parse(body)
        } catch {
            throw .badRequest("body is not valid JSON: \(error.description)")
        }
        guard let object = json.objectValue else { throw .badRequest("body must be a JSON object") }
        guard let field = object["subscription"], field != .null else {
            throw .unprocessable("subscription is required")
        }
        guard case .string(let name) = field, !name.isEmpty else {
            throw .badRequest("subscription must be a non-empty string")
        }
        return name
    }
}
