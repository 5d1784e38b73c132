import Delivery
import HTTP
import Storage

// `GET /metrics`.
extension AdminAPI {
    /// The Prometheus text. The gauges come from the store; when it cannot be read the counters
    /// are still answered (with `wxhook_store_up 0`), so a scrape never loses them.
    func metricsText(_ request: HTTPRequest) async -> HTTPResponse {
        var gauges = try? await storeGauges()
        gauges?.footprint = try? await retention.footprint()
        return .bytes(.ok, contentType: ExpositionWriter.contentType, Array(metrics.exposition(store: gauges).utf8))
    }

    /// One read of the outbox's kept counts: the gauges agree with each other.
    private func storeGauges() async throws -> StoreGauges {
        let counts = try await outbox.countsByState()
        func count(_ state: DeliveryState) -> Int { counts[state] ?? 0 }
        return StoreGauges(messages: counts, queued: count(.queued), sending: count(.sending),
                           awaitingReceipt: count(.accepted) + count(.echoed))
    }
}
