import Core
import HTTP
import Storage

// `GET /api/events?provider=&account=&kind=&conversation=&q=&since=&until=&limit=&offset=`.
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
}
