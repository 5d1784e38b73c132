import Delivery
import Testing
@testable import Service

/// `/metrics` counts forward attempts by subscription and outcome and keeps their latency.
@Suite struct ForwardMetricsTests {
    @Test func forwardAttemptsAreCountedBySubscriptionAndOutcomeWithTheirDuration() throws {
        let metrics = Metrics()
        metrics.recordForwardAttempt(subscription: "crm", endedIn: .delivered, seconds: 0.02)
        metrics.recordForwardAttempt(subscription: "crm", endedIn: .delivered, seconds: 0.3)
        metrics.recordForwardAttempt(subscription: "crm", endedIn: .pending, seconds: 5)
        metrics.recordForwardAttempt(subscription: "llm", endedIn: .failed, seconds: 0.004)
        let samples = try MetricsTests.parse(metrics.exposition(store: nil))
        #expect(samples[#"wxhook_forwards_total{subscription="crm",outcome="delivered"}"#] == 2)
        #expect(samples[#"wxhook_forwards_total{subscription="crm",outcome="retried"}"#] == 1)
        #expect(samples[#"wxhook_forwards_total{subscription="llm",outcome="failed"}"#] == 1)
        #expect(samples[#"wxhook_forwards_total{subscription="crm",outcome="failed"}"#] == nil)
        #expect(samples[#"wxhook_forward_duration_seconds_bucket{le="0.005"}"#] == 1)
        #expect(samples[#"wxhook_forward_duration_seconds_bucket{le="0.025"}"#] == 2)
        #expect(samples[#"wxhook_forward_duration_seconds_bucket{le="0.5"}"#] == 3)
        #expect(samples[#"wxhook_forward_duration_seconds_bucket{le="+Inf"}"#] == 4)
        #expect(samples["wxhook_forward_duration_seconds_count"] == 4)
        #expect(abs((samples["wxhook_forward_duration_seconds_sum"] ?? 0) - 5.324) < 1e-9)
        // The send histogram is its own.
        #expect(samples["wxhook_send_duration_seconds_count"] == 0)
    }
}
