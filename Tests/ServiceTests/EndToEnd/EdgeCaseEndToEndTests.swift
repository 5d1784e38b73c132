import Foundation
import ServiceHarness
import Testing

/// The corners of docs/delivery.md over real sockets: a timeout the echo outruns, a failure that
/// overtakes the answer, a failure after `delivered`, several items in one message, one
/// conversation's order, and pacing.
@Suite struct EdgeCaseEndToEndTests {
    @Test func aTimeoutAfterTheEchoCountsAsAcceptedAndIsNotSentAgain() async throws {
        var settings = TestSettings.endToEnd()
        settings.sendTimeoutMs = 2500
        try await TestService.with(settings) { stack in
            // The answer would come after the deadline; the echo comes long before it.
            try await stack.faults(["answer_delay_ms": 6000, "callback_delay_ms": [0, 50]])
            let id = try await stack.send(.sales("7101"), text: "超时")
            let view = try await stack.waitFor(id)

            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.attempts == 1, "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            let settled = view.timeline?.first { $0.from == "sending" && $0.to == "accepted" }
            #expect(settled?.cause.contains("timed out") == true, "\(view.story)")
            #expect(settled?.cause.contains("counts as accepted") == true, "\(view.story)")
            #expect(try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }.count == 1)
        }
    }

    @Test func aFailureThatOvertakesTheAnswerFailsTheMessage() async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["answer_delay_ms": 2000, "callback_delay_ms": [0, 20], "fail_rate": 1])
            let id = try await stack.send(.sales("7102"), text: "先失败")
            let view = try await stack.waitForState(id, "failed")

            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→accepted", "accepted→failed"], "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            let early = (view.timeline ?? []).filter { $0.from == "sending" && $0.to == "sending" }
            #expect(early.contains { $0.cause.hasPrefix("chatMsgSendFail") && $0.cause.contains("before the send's answer") },
                    "\(view.story)")
            #expect(view.timeline?.last?.cause.contains("came before the answer") == true, "\(view.story)")
            #expect(view.error?.contains("simulated failure") == true)
        }
    }

    @Test func aFailureAfterDeliveredTurnsItFailed() async throws {
        var settings = TestSettings.endToEnd()
        settings.expireAfterS = 30
        try await TestService.with(settings) { stack in
            // Echo after 2 s, failure 2 s after the echo: delivered (confirm_after_s 1) in between.
            try await stack.faults(["callback_delay_ms": [2000, 2000], "fail_rate": 1])
            let id = try await stack.send(.sales("7103"), text: "迟到的失败")
            let view = try await stack.waitForState(id, "failed")

            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→accepted", "accepted→echoed",
                                         "echoed→delivered", "delivered→failed"], "\(view.story)")
            #expect(view.timeline?.last?.cause.contains("late chatMsgSendFail") == true, "\(view.story)")
            #expect(view.timeline?.last?.cause.contains("after delivered") == true, "\(view.story)")
            #expect(view.error?.contains("simulated failure") == true)
        }
    }

    @Test func aMessageOfThreeItemsIsEchoedItemByItem() async throws {
        try await TestService.with(.endToEnd()) { stack in
            // Echoes after the answer, each at its own time.
            try await stack.faults(["callback_delay_ms": [800, 1600]])
            let id = try await stack.send([.sales("7104")], texts: ["一", "二", "三"])[0]
            let view = try await stack.waitFor(id)

            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.providerIds.count == 3)
            #expect(view.providerIds.allSatisfy { $0 != nil })
            #expect(view.attemptHistory?.first?.apiSendIds.count == 3)
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→accepted", "accepted→echoed", "echoed→delivered"],
                    "\(view.story)")
            // Each echo but the last is a note (after the answer: "k of 3 items echoed"; on a
            // loaded machine it may come before it); only every item echoed makes it `echoed`.
            let rows = view.timeline ?? []
            let partial = rows.filter { $0.from == $0.to && $0.cause.hasPrefix("chatMsg") }
            #expect((2...3).contains(partial.count), "\(view.story)")
            #expect(partial.allSatisfy { $0.cause.contains("of 3 items echoed") || $0.cause.contains("before the send's answer") },
                    "\(view.story)")
            #expect(rows.filter { $0.cause.contains("(1 of 3 items echoed)") }.count <= 1)
            let echoed = try #require(rows.first { $0.to == "echoed" && $0.from == "accepted" })
            #expect(echoed.cause.contains("every item echoed"), "\(view.story)")
            #expect(partial.allSatisfy { $0.time <= echoed.time })

            let request = try #require(try await stack.simLog().first { $0.path == "/wechat/sendMessage" })
            #expect(request.texts == ["一", "二", "三"])
            #expect(request.apiSendIDs == view.attemptHistory?.first?.apiSendIds)
            // Items of one request are staggered: the first at once, the others a second apart.
            let delays = (request.body["messages"]?.arrayValue ?? []).map { $0["delayed_time"]?.intValue ?? -1 }
            #expect(delays.count == 3 && delays[0] == 0 && delays[1] > 0 && delays[2] == delays[1] + 1, "\(delays)")
        }
    }

    @Test func aFailedItemFailsTheMessageAndIsNamed() async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["fail_rate": 1])
            let id = try await stack.send([.sales("7105")], texts: ["甲", "乙"])[0]
            let view = try await stack.waitForState(id, "failed")
            #expect(view.error?.hasPrefix("item ") == true, "\(view.story)")
            #expect(view.error?.contains("simulated failure") == true)
        }
    }

    @Test func oneConversationsMessagesLeaveOneAfterAnother() async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["answer_delay_ms": 150])
            var ids: [String] = []
            for n in 0..<5 { ids.append(try await stack.send(.shop("line"), text: "第\(n)条")) }
            var views: [MessageView] = []
            for id in ids { views.append(try await stack.waitFor(id)) }

            let texts = try await stack.simLog().filter { $0.path == "/api/send" }.flatMap(\.texts)
            #expect(texts == (0..<5).map { "第\($0)条" })
            // Each one started only after the one before had its answer.
            for (previous, next) in zip(views, views.dropFirst()) {
                let answered = try #require(previous.timeline?.first { $0.from == "sending" }?.time)
                let started = try #require(next.timeline?.first { $0.to == "sending" }?.time)
                #expect(started >= answered, "\(previous.story)\n\(next.story)")
            }
        }
    }

    @Test func pacingHoldsWhatExceedsTheAccountsMinute() async throws {
        var settings = TestSettings.endToEnd()
        settings.perAccountPerMinute = 2
        try await TestService.with(settings) { stack in
            let ids = try await stack.send((0..<4).map { SendTarget.shop("pace-\($0)") }, texts: ["限速"])
            var sent = 0
            var held: [MessageView] = []
            // The first two go at once; by the time they are sent the others would be too.
            let deadline = Date().addingTimeInterval(20)
            while sent < 2 {
                let views = try await withThrowingTaskGroup(of: MessageView.self) { group in
                    for id in ids { group.addTask { try await stack.message(id) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                sent = views.filter { $0.state == "sent" }.count
                held = views.filter { $0.state == "queued" }
                guard Date() < deadline else { break }
                if sent < 2 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(sent == 2)
            #expect(held.count == 2)
            #expect(try await stack.simLog().filter { $0.path == "/api/send" }.count == 2)
            #expect(try await stack.queueDepth().queued == 2)
        }
    }
}
