/// Every table of a wxhook store, in the order `wxhook migrate` copies them, and what the copy
/// does with each. It is the one list both engines' copy code works from: the SQLite export
/// refuses a file with a table missing here, and the PostgreSQL import switches over every case,
/// so a table added to a schema cannot be left behind without a failing test or build.
public enum StoreTable: String, CaseIterable, Sendable, Hashable {
    case events
    case eventKeys = "event_keys"
    case messages
    case timeline
    case correlations
    case idempotencyKeys = "idempotency_keys"
    case forwards
    case forwardAttempts = "forward_attempts"
    case subscriptionActivity = "subscription_activity"
    case messageCounts = "message_counts"
    case messageSummary = "message_summary"
    case messageLatency = "message_latency"
    case eventSummary = "event_summary"
    case latencyBins = "latency_bins"
    case healthProbe = "health_probe"

    /// What a copy does with a table's rows.
    public enum Handling: Sendable, Hashable {
        /// Read and written, row for row (the target may store them its own way).
        case copied
        /// Not read: the target derives it from the copied rows.
        case rebuilt
        /// Not read: it belongs to the running instance, not to the data.
        case instanceOnly
    }

    public var handling: Handling {
        switch self {
        case .events, .eventKeys, .messages, .timeline, .correlations, .idempotencyKeys, .forwards, .forwardAttempts,
             .subscriptionActivity:
            .copied
        // The target counts messages by state as they are written, so the counts come out right
        // with nothing to copy.
        case .messageCounts: .rebuilt
        // Likewise the summaries of `GET /api/stats` and the lists' totals (triggers again), and
        // the fixed latency bins each engine's schema holds.
        case .messageSummary, .messageLatency, .eventSummary, .latencyBins: .rebuilt
        // The health check's proof that the database takes writes.
        case .healthProbe: .instanceOnly
        }
    }
}
