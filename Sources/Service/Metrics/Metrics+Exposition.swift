import Delivery

/// The gauges `/metrics` reads from the store at scrape time.
public struct StoreGauges: Sendable, Equatable {
    /// Messages in each state (every state present, 0 when none).
    public var messages: [DeliveryState: Int]
    public var queued: Int
    public var sending: Int
    /// `accepted` + `echoed`.
    public var awaitingReceipt: Int

    public init(messages: [DeliveryState: Int], queued: Int, sending: Int, awaitingReceipt: Int) {
        self.messages = messages
        self.queued = queued
        self.sending = sending
        self.awaitingReceipt = awaitingReceipt
    }
}

extension Metrics {
    /// Every metric in the text format. `store` nil means the store could not be read: its gauges
    /// are left out and `wxhook_store_up` is 0, so the counters still reach the scraper.
    public func exposition(store: StoreGauges?) -> String {
        var out = ExpositionWriter()

        out.family("wxhook_http_requests_total", type: "counter",
                   help: "HTTP requests answered, by route pattern and status code.")
        for (endpoint, status, count) in requestCounts {
            out.sample("wxhook_http_requests_total", [("endpoint", endpoint), ("status", String(status))], count)
        }

        out.family("wxhook_events_ingested_total", type: "counter",
                   help: "Inbound events stored (redeliveries excluded), by provider and kind.")
        for (provider, kind, count) in eventCounts {
            out.sample("wxhook_events_ingested_total",
                       [("provider", provider.rawValue), ("kind", kind.rawValue)], count)
        }

        out.family("wxhook_rule_matches_total", type: "counter", help: "Inbound messages a rule answered, by rule.")
        for (rule, count) in ruleCounts {
            out.sample("wxhook_rule_matches_total", [("rule", rule)], count)
        }

        out.histogram("wxhook_send_duration_seconds", sendHistogram,
                      help: "Duration of send requests to providers, in seconds.")

        out.family("wxhook_forwards_total", type: "counter",
                   help: "Forward attempts that ended, by subscription and outcome (delivered, failed, retried).")
        for (subscription, outcome, count) in forwardCounts {
            out.sample("wxhook_forwards_total", [("subscription", subscription), ("outcome", outcome.rawValue)], count)
        }
        out.histogram("wxhook_forward_duration_seconds", forwardHistogram,
                      help: "Duration of forward requests to applications, in seconds.")

        out.family("wxhook_store_up", type: "gauge", help: "1 when the store answered this scrape, else 0.")
        out.sample("wxhook_store_up", [], store == nil ? 0 : 1)
        if let store {
            out.family("wxhook_messages", type: "gauge", help: "Outbox messages by delivery state.")
            for state in DeliveryState.allCases {
                out.sample("wxhook_messages", [("state", state.rawValue)], store.messages[state] ?? 0)
            }
            out.family("wxhook_queue_depth", type: "gauge",
                       help: "Outbox messages not yet final: queued, sending, awaiting_receipt (accepted + echoed).")
            out.sample("wxhook_queue_depth", [("state", "queued")], store.queued)
            out.sample("wxhook_queue_depth", [("state", "sending")], store.sending)
            out.sample("wxhook_queue_depth", [("state", "awaiting_receipt")], store.awaitingReceipt)
        }
        return out.text
    }
}
