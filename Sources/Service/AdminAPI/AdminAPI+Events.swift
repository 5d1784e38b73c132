import Core
import HTTP
import JSON
import Providers
import Storage

// `GET /api/events?provider=&account=&kind=&conversation=&q=&since=&until=&limit=&offset=` and
// `GET /api/events/{id}`.
extension AdminAPI {
    func listEvents(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let query = QueryParameters(request)
            let (since, until) = try query.window()
            let filter = EventFilter(
                provider: try query.choice("provider", Provider.self), account: try query.filterValue("account"),
                kind: try query.choice("kind", EventKind.self), conversation: try query.filterValue("conversation"),
                text: try query.filterValue("q"), since: since, until: until)
            let (limit, offset) = try query.page()
            do {
                return Self.json(.ok, try await events.events(matching: filter, limit: limit, offset: offset).json)
            } catch {
                throw .store(error)
            }
        }
    }

    /// The event as the list shows it plus `raw`: the body the provider sent, as JSON, without
    /// its authentication fields (bot-admin's `secret`), so the dashboard can show it safely;
    /// null when the body was not JSON.
    func eventDetail(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let id = request.pathParameters["id"] ?? ""
            let found: (event: StoredEvent, raw: [UInt8])?
            do {
                found = try await events.event(id: id)
            } catch {
                throw .store(error)
            }
            guard let found else { throw AdminError(.notFound, "no event\(Echo.quoted(id))") }
            var object = found.event.json.objectValue ?? JSONObject()
            let raw = Provider(rawValue: found.event.provider)?.payloadWithoutAuthentication(found.raw)
            object.append("raw", raw ?? .null)
            return Self.json(.ok, .object(object))
        }
    }
}
