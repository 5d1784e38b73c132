import Delivery
import JSON

/// `GET /api/stats` over the messages created in a window.
public struct OutboxStats: Sendable, Hashable {
    /// Median and 99th percentile in milliseconds (nearest rank: the value at rank ⌈p·n⌉).
    public struct Latency: Sendable, Hashable {
        public var p50: Double
        public var p99: Double

        public init(p50: Double, p99: Double) {
            self.p50 = p50
            self.p99 = p99
        }
    }

    public var total: Int
    /// Every state, 0 when none.
    public var byState: [DeliveryState: Int]
    /// First attempt started → the provider took it (`accepted` or `sent`); nil without data.
    public var acceptLatency: Latency?
    /// Acceptance → `delivered`; nil without data.
    public var confirmLatency: Latency?

    public init(total: Int, byState: [DeliveryState: Int], acceptLatency: Latency?, confirmLatency: Latency?) {
        self.total = total
        self.byState = byState
        self.acceptLatency = acceptLatency
        self.confirmLatency = confirmLatency
    }

    /// `delivered` + `sent`.
    public var delivered: Int { count(.delivered) + count(.sent) }
    /// `failed` + `expired`.
    public var failed: Int { count(.failed) + count(.expired) }
    /// delivered / (delivered + failed), nil when both are 0.
    public var successRate: Double? {
        let finished = delivered + failed
        return finished == 0 ? nil : Double(delivered) / Double(finished)
    }

    public func count(_ state: DeliveryState) -> Int { byState[state] ?? 0 }

    /// The contract's shape; `days` is the window the caller asked for.
    public func json(days: Int) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        return .object(JSONObject([
            ("days", JSONValue(days)),
            ("total", JSONValue(total)),
            ("by_state", .object(JSONObject(DeliveryState.allCases.map { ($0.rawValue, JSONValue(count($0))) }))),
            ("delivered", JSONValue(delivered)),
            ("failed", JSONValue(failed)),
            ("success_rate", number(successRate)),
            ("latency_ms", .object(JSONObject([
                ("accept_p50", number(acceptLatency?.p50)),
                ("accept_p99", number(acceptLatency?.p99)),
                ("confirm_p50", number(confirmLatency?.p50)),
                ("confirm_p99", number(confirmLatency?.p99)),
            ]))),
        ]))
    }
}
