import Delivery
import HTTP

// `GET /metrics`.
extension AdminAPI {
    /// The Prometheus text. The gauges come from the store; when it cannot be read the counters
    /// are still answered (with `wxhook_store_up 0`), so a scrape never loses them.
    func metricsText(_ request: HTTPRequest) async -> HTTPResponse {
        let gauges = try? await storeGauges()
        return .bytes(.ok, contentType: ExpositionWriter.contentType, Array(metrics.exposition(store: gauges).utf8))
    }

    private func storeGauges() async throws -> StoreGauges {
        var messages: [DeliveryState: Int] = [:]
        for state in DeliveryState.allCases {
            messages[state] = try await outbox.count(state: state)
        }
        let depth = try await outbox.queueDepth()
        return StoreGauges(messages: messages, queued: depth.queued, sending: depth.sending,
                           awaitingReceipt: depth.awaitingReceipt)
    }
}
