import Delivery
import Storage

/// The gauges `/metrics` reads from the store at scrape time.
public struct StoreGauges: Sendable, Equatable {
    /// Messages in each state (every state present, 0 when none).
    public var messages: [DeliveryState: Int]
    public var queued: Int
    public var sending: Int
    /// `accepted` + `echoed`.
    public var awaitingReceipt: Int
    /// The store's size and oldest rows; nil when that read failed.
    public var footprint: StoreFootprint?

    public init(messages: [DeliveryState: Int], queued: Int, sending: Int, awaitingReceipt: Int,
                footprint: StoreFootprint? = nil) {
        self.messages = messages
        self.queued = queued
        self.sending = sending
        self.awaitingReceipt = awaitingReceipt
        self.footprint = footprint
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

        out.family("wxhook_retention_pruned_rows_total", type: "counter",
                   help: "Rows deleted because retention no longer keeps them, by table (events, messages, forwards).")
        for (rows, count) in prunedCounts {
            out.sample("wxhook_retention_pruned_rows_total", [("table", rows.rawValue)], count)
        }

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
            if let footprint = store.footprint {
                out.family("wxhook_database_bytes", type: "gauge", help: "Bytes the database holds.")
                out.sample("wxhook_database_bytes", [], footprint.bytes)
                out.family("wxhook_oldest_row_timestamp_seconds", type: "gauge",
                           help: "Unix time of the oldest row kept, by table; absent when the table is empty.")
                for rows in RetainedRows.allCases {
                    if let time = footprint.oldest[rows] {
                        out.sample("wxhook_oldest_row_timestamp_seconds", [("table", rows.rawValue)], time)
                    }
                }
            }
        }
        return out.text
    }
}
