import Foundation

// Whole lists from the admin API, page by page (500 a page), as an operator would read them.
extension TestService {
    /// `GET /api/events` with `filters` (already query-encoded, `&`-joined): every event.
    package func allEvents(_ filters: String) async throws -> [EventView] {
        try await allPages("/api/events?" + filters, as: EventView.self)
    }

    /// `GET /api/messages` with `filters`: every message.
    package func allOutboxEntries(_ filters: String = "") async throws -> [OutboxEntry] {
        try await allPages("/api/messages?" + filters, as: OutboxEntry.self)
    }

    /// Newest first; a list that grows while it is read would shift the pages, so the caller
    /// reads only lists at rest, and the count is checked against `total`.
    private func allPages<Item: Decodable>(_ base: String, as _: Item.Type) async throws -> [Item] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var all: [Item] = []
        var total = 0
        repeat {
            let path = base + (base.hasSuffix("?") ? "" : "&") + "limit=500&offset=\(all.count)"
            let answer = try await client.get(path)
            guard answer.status == 200 else { throw HarnessFailure("GET \(path) answered \(answer.status): \(answer.text)") }
            let page = try decoder.decode(ListPage<Item>.self, from: answer.body)
            total = page.total
            all += page.items
            if page.items.isEmpty { break }
        } while all.count < total
        guard all.count == total else {
            throw HarnessFailure("GET \(base) listed \(all.count) items of \(total): the list moved while read")
        }
        return all
    }
}

/// `{"items":[…],"count":N,"total":T}`.
private struct ListPage<Item: Decodable>: Decodable {
    package let items: [Item]
    package let total: Int
}
