import Core
@testable import Service
import Foundation
import JSON
import ServiceHarness
import Testing
import TestSupport

/// The operator's side of forwards on the running service: a forward the application refused is
/// seen in `/api/subscriptions` and `/api/forwards`, retried under its id, an event replayed as a
/// new forward, and `/metrics` counts every attempt. No answer shows the subscription's secret.
@Suite(.serialized) struct ForwardOperatorEndToEndTests {
    static let secret = ForwardingEndToEndTests.secret

    @Test func aRefusedForwardIsSeenRetriedAndItsEventReplayed() async throws {
        // The first request of every webhook-id is refused with 410 (not retried); a repeat is taken.
        let receiver = try ForwardReceiver { request in request.repeatIndex == 0 ? .status(410) : .status(200) }
        defer { Task { await receiver.stop() } }
        let settings = TestSettings {
            $0.forwardJSON = "[" + receiver.subscription("crm", secret: Self.secret,
                                                          extra: #""events":["event.message"]"#) + "]"
        }
        try await TestService.with(settings) { service in
            try await ForwardingEndToEndTests.post(service, "hello", conversation: "c1")
            let refused = await eventually { receiver.received.contains { $0.status == 410 } }
            #expect(refused, "\(service.serviceLog)")
            let failed = await eventually {
                (try? await service.client.get("/api/forwards?state=failed").json["total"]) == 1
            }
            #expect(failed)

            let subscriptions = try await service.client.get("/api/subscriptions")
            #expect(subscriptions.status == 200 && !subscriptions.text.contains(Self.secret))
            let crm = try #require(subscriptions.items.first)
            #expect(crm["name"] == "crm" && crm["url"] == .string(receiver.url) && crm["events"] == ["event.message"])
            #expect(crm["counts"]?["failed"] == 1 && crm["last_success_at"] == .null)
            #expect(crm["last_failure_at"]?.doubleValue != nil)

            let list = try await service.client.get("/api/forwards?subscription=crm&state=failed")
            let forward = try #require(list.items.first)
            let id = try #require(forward["id"]?.stringValue)
            let eventID = try #require(forward["event_id"]?.stringValue)
            #expect(forward["last_status"] == 410)

            let retried = try await service.client.post("/api/forwards/\(id)/retry", body: "")
            #expect(retried.status == 200 && retried.json["id"] == .string(id))
            let delivered = await eventually {
                (try? await service.client.get("/api/forwards/\(id)").json["state"]) == "delivered"
            }
            #expect(delivered, "\(service.serviceLog)")
            let detail = try await service.client.get("/api/forwards/\(id)")
            #expect(detail.json["attempt_history"]?.arrayValue?.compactMap { $0["status"] } == [410, 200])
            #expect(detail.json["body"]?["data"]?["id"] == .string(eventID))
            #expect(!detail.text.contains(Self.secret) && !detail.text.contains(TestAccount.shopSecret))

            let replayed = try await service.client.post("/api/events/\(eventID)/replay", body: #"{"subscription":"crm"}"#)
            #expect(replayed.status == 202)
            let newID = try #require(replayed.json["id"]?.stringValue)
            #expect(newID != id)
            let arrived = await eventually { receiver.received.contains { $0.id == newID } }
            #expect(arrived)
            let unknown = try await service.client.post("/api/events/\(eventID)/replay", body: #"{"subscription":"erp"}"#)
            #expect(unknown.status == 422)

            let metrics = await eventually {
                let text = (try? await service.client.get("/metrics").text) ?? ""
                return text.contains(#"wxhook_forwards_total{subscription="crm",outcome="failed"} 2"#)
                    && text.contains(#"wxhook_forwards_total{subscription="crm",outcome="delivered"} 1"#)
                    && text.contains("wxhook_forward_duration_seconds_count 3")
            }
            let scraped = (try? await service.client.get("/metrics").text) ?? ""
            #expect(metrics, "\(scraped)")
        }
    }
}
