import HTTP
import Core
import Delivery
import Testing
@testable import Service

@Suite struct MetricsTests {
    static let patterns = ["/health", "/hooks/botadmin/{account}", "/hooks/yunzhenji/{account}", "/",
                           "/api/messages/{id}", "/api/messages/{id}/retry", "/api/messages/stats"]

    /// One sample line: `name{label="value",…} number`, label values escaped.
    static var sampleLine: Regex<(Substring, Substring, Substring?, Substring?, Substring?, Substring)> {
        #/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (\S+)$/#
    }

    /// Parses the text format: every line a comment (`# HELP`/`# TYPE`) or a sample whose value is
    /// a number; returns the samples as `name{labels}` → value.
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("#") {
                #expect(line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE "), "\(line)")
                continue
            }
            let match = try #require(try sampleLine.wholeMatch(in: String(line)), "not a sample line: \(line)")
            let valueText = String(match.output.5)
            let value = try #require(valueText == "+Inf" ? Double.infinity : Double(valueText), "\(line)")
            samples[String(line.dropLast(valueText.count + 1))] = value
        }
        #expect(text.hasSuffix("\n"))
        return samples
    }

    /// A router serving `patterns`, whose matching names the endpoint label.
    static var router: Router {
        var router = Router()
        for pattern in patterns { router.add(.get, pattern) { _ in HTTPResponse(status: .ok) } }
        return router
    }

    @Test func pathsCountUnderTheirRoutePattern() throws {
        let metrics = Metrics()
        let router = Self.router
        func record(path: String, status: Int) {
            metrics.recordRequest(pattern: router.pattern(forPath: path), status: status)
        }
        record(path: "/hooks/botadmin/shop", status: 200)
        record(path: "/hooks/botadmin/other", status: 200)
        record(path: "/hooks/botadmin/shop/", status: 401)
        record(path: "/api/messages/m_1/retry", status: 409)
        record(path: "/api/messages/stats", status: 200)  // the literal beats {id}
        record(path: "/", status: 200)
        record(path: "/wp-admin/setup.php", status: 404)
        record(path: "/hooks/botadmin", status: 404)
        metrics.recordRequest(pattern: "/health", status: 200)
        record(path: "/not/a/pattern", status: 404)
        let samples = try Self.parse(metrics.exposition(store: nil))
        #expect(samples[#"wxhook_http_requests_total{endpoint="/hooks/botadmin/{account}",status="200"}"#] == 2)
        #expect(samples[#"wxhook_http_requests_total{endpoint="/hooks/botadmin/{account}",status="401"}"#] == 1)
        #expect(samples[#"wxhook_http_requests_total{endpoint="/api/messages/{id}/retry",status="409"}"#] == 1)
        #expect(samples[#"wxhook_http_requests_total{endpoint="/api/messages/stats",status="200"}"#] == 1)
        #expect(samples[#"wxhook_http_requests_total{endpoint="/",status="200"}"#] == 1)
        #expect(samples[#"wxhook_http_requests_total{endpoint="/health",status="200"}"#] == 1)
        #expect(samples[#"wxhook_http_requests_total{endpoint="other",status="404"}"#] == 3)
        #expect(samples.keys.filter { $0.hasPrefix("wxhook_http_requests_total") }.count == 7)
    }

    @Test func eventsRulesAndSendDurations() throws {
        let metrics = Metrics()
        metrics.recordEvent(provider: .yunzhenji, kind: .receipt)
        metrics.recordEvent(provider: .yunzhenji, kind: .receipt)
        metrics.recordEvent(provider: .botadmin, kind: .message)
        metrics.recordRuleMatch(rule: "price")
        metrics.recordRuleMatch(rule: "price")
        metrics.recordRuleMatch(rule: "default")
        for seconds in [0.001, 0.005, 0.3, 4, 60] { metrics.observeSend(seconds: seconds) }
        let samples = try Self.parse(metrics.exposition(store: nil))
        #expect(samples[#"wxhook_events_ingested_total{provider="yunzhenji",kind="receipt"}"#] == 2)
        #expect(samples[#"wxhook_events_ingested_total{provider="botadmin",kind="message"}"#] == 1)
        #expect(samples[#"wxhook_events_ingested_total{provider="wecom",kind="unknown"}"#] == 0)
        #expect(samples[#"wxhook_rule_matches_total{rule="price"}"#] == 2)
        #expect(samples[#"wxhook_rule_matches_total{rule="default"}"#] == 1)
        // Buckets are cumulative; `le` is inclusive.
        #expect(samples[#"wxhook_send_duration_seconds_bucket{le="0.005"}"#] == 2)
        #expect(samples[#"wxhook_send_duration_seconds_bucket{le="0.25"}"#] == 2)
        #expect(samples[#"wxhook_send_duration_seconds_bucket{le="0.5"}"#] == 3)
        #expect(samples[#"wxhook_send_duration_seconds_bucket{le="5.0"}"#] == 4)
        #expect(samples[#"wxhook_send_duration_seconds_bucket{le="10.0"}"#] == 4)
        #expect(samples[#"wxhook_send_duration_seconds_bucket{le="+Inf"}"#] == 5)
        #expect(samples["wxhook_send_duration_seconds_count"] == 5)
        #expect(abs((samples["wxhook_send_duration_seconds_sum"] ?? 0) - 64.306) < 1e-9)
        #expect(samples["wxhook_store_up"] == 0)
        #expect(samples.keys.contains { $0.hasPrefix("wxhook_messages") } == false)
    }

    @Test func labelValuesAreEscaped() throws {
        let metrics = Metrics()
        metrics.recordRuleMatch(rule: "say \"hi\"\\\nnow")
        let text = metrics.exposition(store: nil)
        #expect(text.contains(#"wxhook_rule_matches_total{rule="say \"hi\"\\\nnow"} 1"#))
        _ = try Self.parse(text)
        #expect(ExpositionWriter.escapeLabelValue("plain") == "plain")
    }

    @Test func everyFamilyHasHelpAndType() {
        let metrics = Metrics()
        let gauges = StoreGauges(messages: [.queued: 1], queued: 1, sending: 0, awaitingReceipt: 0)
        let text = metrics.exposition(store: gauges)
        for (name, type) in [("wxhook_http_requests_total", "counter"), ("wxhook_events_ingested_total", "counter"),
                             ("wxhook_rule_matches_total", "counter"), ("wxhook_send_duration_seconds", "histogram"),
                             ("wxhook_messages", "gauge"), ("wxhook_queue_depth", "gauge")] {
            #expect(text.contains("# HELP \(name) "), "\(name)")
            #expect(text.contains("# TYPE \(name) \(type)\n"), "\(name)")
        }
    }

    @Test func scrapeReadsTheStoreGauges() async throws {
        try await AdminServer.with { server async throws in
            try await server.enqueue()
            try await server.enqueue()
            let sent = try await server.enqueue(provider: .wecom, account: "ops")
            try await server.answer(sent, with: .sent(providerIDs: [nil]), after: 0.03)
            let accepted = try await server.enqueue()
            try await server.answer(accepted, with: .accepted(providerIDs: ["svr-1"]))
            _ = try await server.get("/api/messages")
            _ = try await server.get("/api/nothing-here")

            let answer = try await server.get("/metrics")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try Self.parse(answer.text)
            #expect(samples["wxhook_store_up"] == 1)
            #expect(samples[#"wxhook_messages{state="queued"}"#] == 2)
            #expect(samples[#"wxhook_messages{state="sent"}"#] == 1)
            #expect(samples[#"wxhook_messages{state="accepted"}"#] == 1)
            #expect(samples[#"wxhook_messages{state="failed"}"#] == 0)
            #expect(samples[#"wxhook_queue_depth{state="queued"}"#] == 2)
            #expect(samples[#"wxhook_queue_depth{state="sending"}"#] == 0)
            #expect(samples[#"wxhook_queue_depth{state="awaiting_receipt"}"#] == 1)
            // The fixture's access log feeds the request counter: the earlier requests are in.
            #expect(samples[#"wxhook_http_requests_total{endpoint="/api/messages",status="200"}"#] == 1)
            #expect(samples[#"wxhook_http_requests_total{endpoint="other",status="404"}"#] == 1)
        }
    }

    @Test func concurrentRecordingLosesNothing() async {
        let metrics = Metrics()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        metrics.recordRequest(pattern: "/health", status: 200)
                        metrics.observeSend(seconds: 0.01)
                    }
                }
            }
        }
        #expect(metrics.requestCounts.first?.count == 8000)
        #expect(metrics.sendHistogram.count == 8000)
    }
}
