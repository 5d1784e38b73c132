import Foundation
import ServiceHarness
import Testing

/// 云真机 sends through the simulator, from `POST /api/send` to a final state read back from
/// `GET /api/messages/{id}` (docs/delivery.md, docs/providers.md).
@Suite struct YunzhenjiEndToEndTests {
    @Test func aSendIsAcceptedEchoedAndDelivered() async throws {
        try await TestService.with(.endToEnd()) { stack in
            // The echo comes well after the answer (a loaded machine may still let it overtake:
            // then one "before the send's answer" note is the only extra row).
            try await stack.faults(["callback_delay_ms": [1000, 1000]])
            let id = try await stack.send(.sales("7001"), text: "您好")
            let view = try await stack.waitFor(id)

            #expect(view.state == "delivered", "\(view.story)")
            let rows = try #require(view.timeline)
            #expect(rows.allSatisfy { !$0.cause.isEmpty })
            let notes = rows.filter { $0.from == $0.to }
            #expect(notes.allSatisfy { $0.cause.contains("before the send's answer") }, "\(view.story)")
            let timeline = rows.filter { $0.from != $0.to }
            #expect(timeline.map(\.to) == ["queued", "sending", "accepted", "echoed", "delivered"], "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            #expect(timeline.first?.cause == "api")
            #expect(timeline[1].cause.contains("attempt 1"))
            #expect(timeline[3].cause.contains("chatMsg"))
            #expect(timeline[4].cause.contains("chatMsgSendFail"), "the timer row says what did not come")
            #expect(zip(timeline, timeline.dropFirst()).allSatisfy { $0.time <= $1.time })
            #expect(view.attempts == 1)
            #expect(view.error == nil)

            // provider_ids carries the simulator's api_send_svrid for the one item it took.
            let log = try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }
            #expect(log.count == 1)
            let request = try #require(log.first)
            let answered = request.body["messages"]?.arrayValue?.count
            #expect(answered == 1)
            #expect(view.providerIds.count == 1)
            let providerID = try #require(view.providerIds.first ?? nil)
            #expect(providerID.hasPrefix("\(TestAccount.salesWxid),7001,"))
            #expect(request.body["target_wxid"]?.stringValue == "7001")
            #expect(request.texts == ["您好"])
            #expect(request.apiSendIDs == view.attemptHistory?.first?.apiSendIds)
            #expect(view.attemptHistory?.first?.outcome == "accepted")
        }
    }

    @Test func aChatMsgSendFailFailsTheMessageInTheProvidersWords() async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["fail_rate": 1])
            let id = try await stack.send(.sales("7002"), text: "会失败")
            let view = try await stack.waitForState(id, "failed")

            #expect(view.error?.contains("simulated failure") == true, "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            let failure = try #require(view.timeline?.last)
            #expect(failure.to == "failed")
            #expect(failure.cause.contains("chatMsgSendFail"))
            #expect(failure.cause.contains("simulated failure"))
            #expect(view.attempts == 1)
            #expect(try await stack.simStats()["send_failures"] == 1)
        }
    }

    @Test func anEchoThatOvertakesTheAnswerStillEndsDelivered() async throws {
        try await TestService.with(.endToEnd()) { stack in
            // The answer is held two seconds; the echo goes out at once.
            try await stack.faults(["answer_delay_ms": 2000, "callback_delay_ms": [0, 20]])
            let id = try await stack.send(.sales("7003"), text: "快回声")
            let view = try await stack.waitFor(id)

            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            let timeline = view.timeline ?? []
            let early = timeline.firstIndex { $0.from == "sending" && $0.to == "sending" && $0.cause.contains("before the send's answer") }
            let accepted = timeline.firstIndex { $0.to == "accepted" }
            #expect(early != nil, "the echo was not recorded while sending:\n\(view.story)")
            if let early, let accepted { #expect(early < accepted, "\(view.story)") }
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→accepted", "accepted→echoed", "echoed→delivered"],
                    "\(view.story)")
            #expect(view.attempts == 1)
            #expect(try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }.count == 1)
        }
    }

    @Test func aProviderRejectionFailsAtOnceWithoutRetry() async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["errcode_next": 1])
            let id = try await stack.send(.sales("7005"), text: "被拒")
            let view = try await stack.waitFor(id)

            #expect(view.state == "failed", "\(view.story)")
            #expect(view.error?.contains("simulated rejection") == true, "\(view.story)")
            #expect(view.error?.contains("40100") == true, "\(view.story)")
            #expect(view.attempts == 1)
            #expect(view.attemptHistory?.map(\.outcome) == ["rejected"])
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→failed"], "\(view.story)")
            #expect(try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }.count == 1)
        }
    }

    @Test func noCallbacksAtAllEndsExpired() async throws {
        var settings = TestSettings.endToEnd()
        settings.expireAfterS = 2
        try await TestService.with(settings) { stack in
            try await stack.faults(["drop_callbacks_next": 1])
            let id = try await stack.send(.sales("7006"), text: "石沉大海")
            let view = try await stack.waitFor(id, timeout: 30)

            #expect(view.state == "expired", "\(view.story)")
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→accepted", "accepted→expired"], "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            let expiry = try #require(view.timeline?.last)
            #expect(expiry.cause.contains("2s") || expiry.cause.contains("2 s"), "the cause names the timer: \(expiry.cause)")
            #expect(view.error != nil)
            let accepted = try #require(view.timeline?.first { $0.to == "accepted" })
            // The timer is dated at its deadline, not at whenever the reconciler happened to look.
            #expect(expiry.time >= accepted.time + 2)
            #expect(try await stack.simStats()["dropped_callbacks"] == 1)
        }
    }

    @Test func anEchoNamingOnlyTheServerIDWaitsForTheAnswerThatTeachesIt() async throws {
        try await TestService.with(.endToEnd()) { stack in
            // The echo carries api_send_svrid alone and arrives before the answer that names it:
            // stored as an orphan, applied when the answer commits.
            try await stack.faults(["omit_api_send_id": true, "answer_delay_ms": 2000, "callback_delay_ms": [0, 20]])
            let id = try await stack.send(.sales("7011"), text: "孤儿回执")
            let view = try await stack.waitFor(id)

            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→accepted", "accepted→echoed", "echoed→delivered"],
                    "\(view.story)")
            #expect(!(view.timeline ?? []).contains { $0.from == "sending" && $0.to == "sending" }, "the echo could not be matched early")
            #expect(view.attempts == 1)
            let events = try await stack.client.get("/api/events?kind=receipt")
            let receipts = events.items
            #expect(receipts.count == 1, "\(events.text)")
            #expect(receipts.first?["message_id"]?.stringValue == id, "the orphan was linked to its message")
        }
    }
}
