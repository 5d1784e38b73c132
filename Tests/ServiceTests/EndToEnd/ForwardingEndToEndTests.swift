import Core
@testable import Service
import Foundation
import JSON
import ServiceHarness
import Storage
import Testing
import TestSupport

/// Forwards end to end, over real sockets: wxhook on one side, an application (`ForwardReceiver`)
/// on the other. Every event reaches it once, signed; one conversation's forwards keep their
/// order while another's flow past; a status that is not retried fails; a removed subscription's
/// forwards fail; a forward in flight at a crash comes again with the same webhook-id.
@Suite(.serialized) struct ForwardingEndToEndTests {
    static let secret = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="

    static func post(_ service: TestService, _ text: String, conversation: String) async throws {
        let answer = try await service.client.post("/hooks/botadmin/shop",
                                                   body: TestAccount.botadminBody(text: text, conversation: conversation))
        #expect(answer.status == 200, "\(answer.text)")
    }

    /// Our verifier accepts the request's signature under the subscription's secret.
    static func verifies(_ request: ForwardReceiver.Request) -> Bool {
        request.verifies(secret: Self.secret)
    }

    @Test func everyEventIsForwardedOnceSignedAndInOrderWhileOtherConversationsFlow() async throws {
        // The first three attempts of every forward of conversation "slow" fail with 503.
        let receiver = try ForwardReceiver { request in
            request.conversation == "slow" && request.repeatIndex < 3 ? .status(503) : .status(200)
        }
        defer { Task { await receiver.stop() } }
        let settings = TestSettings {
            $0.forwardJSON = "[" + receiver.subscription("crm", secret: Self.secret,
                                                          extra: #""events":["event.message"],"retry_base_ms":100"#) + "]"
        }
        try await TestService.with(settings) { service in
            for index in 0..<3 {
                try await Self.post(service, "slow \(index)", conversation: "slow")
                try await Self.post(service, "fast \(index)", conversation: "fast")
            }
            let done = await eventually(within: 20) { receiver.received.filter { $0.status == 200 }.count >= 6 }
            #expect(done, "\(receiver.received.map { "\($0.text) \($0.status)" })\n\(service.serviceLog)")
            let all = receiver.received
            let delivered = all.filter { $0.status == 200 }
            #expect(delivered.count == 6 && Set(delivered.map(\.id)).count == 6)
            #expect(all.allSatisfy { $0.id.hasPrefix("fw_") && $0.type == "event.message" })
            #expect(all.allSatisfy(Self.verifies))
            #expect(all.allSatisfy { $0.contentType == "application/json" && $0.userAgent.hasPrefix("wxhook/") })
            // The provider's payload comes along, without its secret.
            #expect(delivered.allSatisfy { $0.json["data"]?["raw"]?["msgtype"]?.stringValue == "text" })
            #expect(delivered.allSatisfy { $0.json["data"]?["raw"]?["secret"] == nil })
            #expect(!all.contains { String(decoding: $0.body, as: UTF8.self).contains(TestAccount.shopSecret) })

            // "slow" in order, each retried under the same id; "fast" done before "slow" 0 was.
            let slow = all.filter { $0.conversation == "slow" }
            #expect(slow.map(\.text) == ["slow 0", "slow 0", "slow 0", "slow 0", "slow 1", "slow 1", "slow 1", "slow 1",
                                         "slow 2", "slow 2", "slow 2", "slow 2"])
            #expect(Set(slow.filter { $0.text == "slow 0" }.map(\.id)).count == 1)
            let firstSlowSuccess = try #require(all.firstIndex { $0.conversation == "slow" && $0.status == 200 })
            let lastFast = try #require(all.lastIndex { $0.conversation == "fast" })
            #expect(lastFast < firstSlowSuccess)
            #expect(try await offPool { try Self.standardWebhooksVerify(delivered) })
        }
    }

    @Test func aStatusThatIsNotRetriedFailsAndAFinalMessageIsForwarded() async throws {
        let receiver = try ForwardReceiver { request in request.type == "event.message" ? .status(404) : .status(200) }
        defer { Task { await receiver.stop() } }
        // No simulator: the send cannot connect, and with one attempt it fails at once.
        let settings = TestSettings {
            $0.maxAttempts = 1
            $0.forwardJSON = "[" + receiver.subscription("crm", secret: Self.secret) + "]"
        }
        try await TestService.with(settings) { service in
            try await Self.post(service, "hello", conversation: "c1")
            let id = try await service.send(.shop("c1"), text: "您好")
            let done = await eventually { receiver.received.contains { $0.type == "message.failed" } }
            #expect(done, "\(receiver.received.map(\.type))\n\(service.serviceLog)")
            let failed = try #require(receiver.received.first { $0.type == "message.failed" })
            #expect(failed.json["data"]?["id"]?.stringValue == id)
            #expect(failed.json["data"]?["state"]?.stringValue == "failed")
            #expect(Self.verifies(failed))
            // The 404 is not retried.
            try await Task.sleep(for: .milliseconds(300))
            #expect(receiver.received.filter { $0.type == "event.message" }.count == 1)
            let forwards = try await service.service.store.forwards(matching: ForwardQuery(subscription: "crm"))
            let event = try #require(forwards.items.first { $0.type == .eventMessage })
            #expect(event.state == .failed && event.lastStatus == 404 && event.attempts == 1)
        }
    }

    @Test func anApplicationThatHangsFailsAnAttemptAndHoldsNoOtherSubscription() async throws {
        let hanging = try ForwardReceiver { _ in .hang(seconds: 5) }
        let healthy = try ForwardReceiver { _ in .status(204) }
        defer { Task { await hanging.stop(); await healthy.stop() } }
        let settings = TestSettings {
            $0.forwardJSON = "[" + hanging.subscription("slow", secret: Self.secret,
                                                         extra: #""timeout_ms":200,"retry_base_ms":60000"#)
                + "," + healthy.subscription("fast", secret: Self.secret) + "]"
        }
        try await TestService.with(settings) { service in
            for index in 0..<3 { try await Self.post(service, "m\(index)", conversation: "c1") }
            #expect(await eventually { healthy.received.count == 3 }, "\(service.serviceLog)")
            let timedOut = try await eventually {
                let slow = try await service.service.store.forwards(matching: ForwardQuery(subscription: "slow"))
                return slow.items.contains { $0.lastError?.contains("timed out") == true }
            }
            #expect(timedOut, "\(service.serviceLog)")
            // The hanging application saw only the first of its line.
            #expect(hanging.received.count == 1)
        }
    }

    @Test func aRemovedSubscriptionsForwardsFailAndAForwardInFlightAtACrashComesAgainWithItsID() async throws {
        // "crm" holds its first request past a crash; "gone" keeps answering 503.
        let crm = try ForwardReceiver { request in request.repeatIndex == 0 ? .hang(seconds: 30) : .status(200) }
        let gone = try ForwardReceiver { _ in .status(503) }
        defer { Task { await crm.stop(); await gone.stop() } }
        let settings = TestSettings {
            $0.host = .process
            $0.forwardJSON = "[" + crm.subscription("crm", secret: Self.secret, extra: #""timeout_ms":60000"#) + ","
                + gone.subscription("gone", secret: Self.secret, extra: #""retry_base_ms":60000"#) + "]"
        }
        try await TestService.with(settings) { service in
            try await Self.post(service, "before the crash", conversation: "c1")
            #expect(await eventually { crm.received.count == 1 && gone.received.count == 1 }, "\(service.serviceLog)")
            await service.killService()

            // Restarted without "gone".
            let data = try Data(contentsOf: URL(fileURLWithPath: service.configPath))
            var config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            config["forward"] = (config["forward"] as? [[String: Any]])?.filter { $0["name"] as? String != "gone" }
            try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: service.configPath))
            try await service.startService()

            #expect(await eventually { crm.received.count == 2 }, "\(service.serviceLog)")
            let requests = crm.received
            #expect(requests[1].id == requests[0].id && requests[1].body == requests[0].body)
            #expect(Self.verifies(requests[1]))
            let store = try SQLiteStore.open(path: service.databasePath, dedupeWindow: 10)
            defer { Task { await store.close() } }
            let removed = try await store.forwards(matching: ForwardQuery(subscription: "gone")).items
            #expect(removed.map(\.state) == [.failed] && removed.first?.lastError == "subscription removed")
            #expect(await eventually {
                (try? await store.forward(id: requests[0].id))?.forward.state == .delivered
            })
        }
    }

    /// The reference library `standardwebhooks` verifies each request, when python3 has it.
    static func standardWebhooksVerify(_ requests: [ForwardReceiver.Request]) throws -> Bool {
        guard (try? ChildProcess(executable: "/usr/bin/env", arguments: ["python3", "-c", "import standardwebhooks"])
            .waitForExit()) == 0 else { return true }
        let script = """
            import sys
            from standardwebhooks.webhooks import Webhook
            hook = Webhook(sys.argv[1])
            for line in open(sys.argv[2]):
                msg_id, timestamp, signature, body_hex = line.rstrip("\\n").split("\\t")
                hook.verify(bytes.fromhex(body_hex), {"webhook-id": msg_id, "webhook-timestamp": timestamp,
                                                      "webhook-signature": signature})
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("forwards-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = requests.map { request in
            [request.id, request.timestamp, request.signature,
             request.body.map { String(format: "%02x", $0) }.joined()].joined(separator: "\t")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try ChildProcess.run(executable: "/usr/bin/env", arguments: ["python3", "-c", script, Self.secret, file.path])
        return run.status == 0
    }
}
