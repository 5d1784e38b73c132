import Foundation
import ServiceHarness
import Testing

/// Many messages through a misbehaving provider: random `chatMsgSendFail`s, random callback
/// delays, duplicated callbacks, callbacks before the answer, HTTP 500s, and in the second half
/// callbacks that name only `api_send_svrid`. Whatever the order things arrive in, every message
/// ends final, the failures are exactly those injected, and nothing reaches a customer twice.
///
/// The size is kept small enough for CI. For the full run raise `perConversation` (the simulator
/// keeps its newest 10,000 requests in `/sim/log`, so stay below ~9,000 messages) and run
///     swift build --build-tests --scratch-path .build-e2e
///     swift test --skip-build --scratch-path .build-e2e --filter ChaosEndToEndTests
@Suite struct ChaosEndToEndTests {
    static let yunzhenjiConversations = 100
    static let botadminConversations = 10
    static let perConversation = 10
    static let seed: UInt64 = 20_251_122
    static let serverErrors = 40

    @Test func everyMessageEndsFinalAndNothingIsSentTwice() async throws {
        var settings = TestSettings.endToEnd()
        settings.confirmAfterS = 1
        // Far beyond any callback delay: nothing should expire, and an `expired` here is a lost callback.
        settings.expireAfterS = 15
        settings.perAccountPerMinute = 1_000_000
        let started = Date()
        settings.seed = Self.seed
        // A load generator: the whole machine, so that no other live test misses its deadlines.
        settings.load = .whole
        try await TestService.with(settings) { stack in
            // Answers held 100 ms against callbacks sent after 0–300 ms: about a third of the
            // callbacks overtake their send's answer. The first sends meet HTTP 500s and are retried.
            try await stack.faults(["fail_rate": 0.2, "duplicate_rate": 0.1, "callback_delay_ms": [0, 300],
                                    "answer_delay_ms": 100, "http_500_next": Self.serverErrors])
            let sales = (0..<Self.yunzhenjiConversations).map { SendTarget.sales("7\(1000 + $0)") }
            let shop = (0..<Self.botadminConversations).map { SendTarget.shop("chaos-\($0)") }
            var ids: [String] = []
            // One call per round: each conversation's messages are created in round order.
            for round in 0..<Self.perConversation {
                ids += try await stack.send(sales, texts: ["round \(round)"])
                ids += try await stack.send(shop, texts: ["round \(round)"])
            }
            let total = (Self.yunzhenjiConversations + Self.botadminConversations) * Self.perConversation
            #expect(ids.count == total)
            #expect(Set(ids).count == total)
            // Halfway, callbacks start naming only api_send_svrid: those that overtake the answer
            // wait as orphans until the answer teaches the id.
            try await stack.waitForRequests(total / 2, timeout: 60)
            try await stack.faults(["omit_api_send_id": true])

            try await stack.waitUntilSettled(timeout: 120)
            let views = try await stack.details(of: ids)
            try await Self.check(views, stack: stack)
        }
        print("chaos: \((Self.yunzhenjiConversations + Self.botadminConversations) * Self.perConversation) messages settled in "
              + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }

    static func check(_ views: [MessageView], stack: TestService) async throws {
        let stats = try await stack.simStats()
        let log = try await stack.simLog()
        let yunzhenji = views.filter { $0.provider == "yunzhenji" }
        let botadmin = views.filter { $0.provider == "botadmin" }
        var byState: [String: Int] = [:]
        for view in views { byState["\(view.provider)/\(view.state)", default: 0] += 1 }
        print("chaos: states \(byState.sorted { $0.key < $1.key }), sim \(stats.sorted { $0.key < $1.key })")

        // The outbox's running counts (kept with every change, through the crash) agree.
        var counted: [String: Int] = [:]
        for view in views { counted[view.state, default: 0] += 1 }
        #expect(try await stack.metricsMessageCounts().filter { $0.value > 0 } == counted)
        #expect(try await stack.statsByState() == counted)

        // Every message final; the failures are exactly the injected ones; nothing expired.
        #expect(views.allSatisfy { $0.isFinal }, "\(views.filter { !$0.isFinal }.prefix(3).map(\.story))")
        #expect(botadmin.allSatisfy { $0.state == "sent" })
        let failed = yunzhenji.filter { $0.state == "failed" }
        #expect(failed.count == stats["send_failures"], "failed \(failed.count), injected \(stats["send_failures"] ?? -1)")
        #expect(stats["http_500_injected"] == Self.serverErrors)
        #expect(views.reduce(0) { $0 + $1.attempts } == views.count + Self.serverErrors, "each 500 costs one more attempt")
        #expect(views.filter { $0.attempts > 1 }.allSatisfy { $0.attemptHistory?.dropLast().allSatisfy { $0.outcome == "retryable" } == true })
        #expect(yunzhenji.filter { $0.state == "delivered" }.count + failed.count == yunzhenji.count,
                "\(yunzhenji.filter { !["delivered", "failed"].contains($0.state) }.prefix(3).map(\.story))")
        #expect(failed.allSatisfy { $0.error?.contains("simulated failure") == true })
        // Message by message, the state is what the provider's callbacks for its attempt said.
        let oracle = CallbackOracle(try await stack.simCallbacks())
        let wrong = yunzhenji.filter { oracle.expectedState(of: $0) != $0.state }
        #expect(wrong.isEmpty, "\(wrong.count) messages disagree with their callbacks: \(wrong.prefix(3).map(\.story))")
        #expect(stats["callbacks_failed"] == 0, "callbacks the service did not take")
        if let first = log.first?.time, let last = log.last?.time {
            print("chaos: \(log.count) provider requests in \(String(format: "%.1f", last - first)) s")
        }
        let overtaken = views.filter { view in (view.timeline ?? []).contains { $0.cause.contains("before the send's answer") } }
        print("chaos: \(overtaken.count) messages had a callback before their send's answer")
        // The chaos really happened.
        #expect(!overtaken.isEmpty)
        #expect((stats["duplicates"] ?? 0) > 0 && !failed.isEmpty)

        // Timelines chain; a second attempt only where the timeline names a retry or a recovery.
        #expect(views.allSatisfy { $0.timelineChains }, "\(views.filter { !$0.timelineChains }.prefix(3).map(\.story))")
        let unexplained = views.filter { view in
            view.attempts > 1 && !(view.timeline ?? []).contains {
                $0.cause.contains("recovered after restart") || $0.cause.contains("retry in") || $0.cause == "manual retry"
            }
        }
        #expect(unexplained.isEmpty, "\(unexplained.prefix(3).map(\.story))")

        // Nothing sent twice: each attempt's api_send_id is in exactly one request, each request
        // belongs to one attempt, and each (conversation, text) left once per attempt.
        let sends = log.filter { $0.path == "/wechat/sendMessage" }
        var seen: [String: Int] = [:]
        for id in sends.flatMap(\.apiSendIDs) { seen[id, default: 0] += 1 }
        let attemptIDs = yunzhenji.flatMap { ($0.attemptHistory ?? []).flatMap(\.apiSendIds) }
        #expect(seen.values.allSatisfy { $0 == 1 }, "an api_send_id went out twice")
        #expect(Set(seen.keys) == Set(attemptIDs), "requests and attempts differ")
        #expect(sends.count == yunzhenji.reduce(0) { $0 + $1.attempts })
        let shopSends = log.filter { $0.path == "/api/send" }
        #expect(shopSends.count == botadmin.reduce(0) { $0 + $1.attempts })
        // What reached a customer: requests the provider took (a 500 sent nothing).
        var copies: [String: Int] = [:]
        for request in sends + shopSends where request.answerStatus == 200 { copies[request.sightingKey, default: 0] += 1 }
        #expect(Set(copies.keys) == Set(views.map(\.sightingKey)), "every message reached the provider")
        #expect(copies.values.allSatisfy { $0 == 1 }, "\(copies.filter { $0.value > 1 }.prefix(5))")

        // One conversation's messages left in the order they were created.
        var lastRound: [String: Int] = [:]
        var outOfOrder: [String] = []
        for request in sends + shopSends where request.answerStatus == 200 {
            let conversation = request.sightingKey.prefix { $0 != "|" }
            guard let round = request.texts.first.flatMap({ Int($0.dropFirst("round ".count)) }) else { continue }
            if let last = lastRound[String(conversation)], last >= round { outOfOrder.append("\(conversation): \(last) then \(round)") }
            lastRound[String(conversation)] = round
        }
        #expect(outOfOrder.isEmpty, "\(outOfOrder.prefix(5))")
    }
}
