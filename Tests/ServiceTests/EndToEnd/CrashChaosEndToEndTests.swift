import Foundation
import ServiceHarness
import Testing

/// The chaos run with a crash in the middle (docs/delivery.md, "Crashes, restarts and stopping"):
/// the real `wxhook serve` is SIGKILLed while dozens of sends are in flight and callbacks are on
/// their way, then restarted on the same database; later it is stopped cleanly (SIGTERM) and
/// restarted once more. Afterwards every message is final and agrees with what the provider said
/// about its latest attempt; a message went out more than once only when its timeline says it was
/// recovered after the crash, and the clean stop left nothing to recover.
///
/// Full size: raise `perConversation` and run
///     swift test --skip-build --scratch-path .build-e2e --filter CrashChaosEndToEndTests
@Suite struct CrashChaosEndToEndTests {
    static let conversations = 50
    static let perConversation = 6
    /// The kill comes once this many sends have reached the simulator, the clean stop later.
    static let killAfterRequests = 100
    static let stopAfterRequests = 200

    @Test func aSIGKILLMidRunLosesNothingAndResendsOnlyWhatWasInFlight() async throws {
        var settings = TestSettings.endToEnd()
        settings.expireAfterS = 15
        settings.perAccountPerMinute = 1_000_000
        settings.host = .process
        settings.seed = 77
        // A load generator: the whole machine, so that no other live test misses its deadlines.
        settings.load = .whole
        try await TestService.with(settings) { stack in
            // Answers held 100 ms, so at any moment dozens of requests are in flight.
            try await stack.faults(["fail_rate": 0.2, "duplicate_rate": 0.1, "callback_delay_ms": [0, 300],
                                    "answer_delay_ms": 100])
            let targets = (0..<Self.conversations).map { SendTarget.sales("7\(2000 + $0)") }
            var ids: [String] = []
            // Every third round carries three items.
            for round in 0..<Self.perConversation {
                let texts = round % 3 == 2 ? ["round \(round)", "b", "c"] : ["round \(round)"]
                ids += try await stack.send(targets, texts: texts)
            }

            try await stack.waitForRequests(Self.killAfterRequests, timeout: 60)
            await stack.killService()
            try await stack.startService()

            try await stack.waitForRequests(Self.stopAfterRequests, timeout: 60)
            #expect(await stack.stopService(SIGTERM) == 0)
            let cleanRestart = Date().timeIntervalSince1970
            try await stack.startService()

            try await stack.waitUntilSettled(timeout: 90)
            let views = try await stack.details(of: ids)
            try await Self.check(views, stack: stack)
            let recoveries = views.flatMap { $0.timeline ?? [] }.filter { $0.cause.hasPrefix("recovered after restart") }
            #expect(recoveries.allSatisfy { $0.time < cleanRestart }, "a clean stop left messages in flight")
            // No provider answered 5xx here: a retryable attempt would be a send the stop cut off.
            let cutOff = views.filter { $0.attemptHistory?.contains { $0.outcome == "retryable" } == true }
            #expect(cutOff.isEmpty, "\(cutOff.prefix(3).map(\.story))")
        }
    }

    static func check(_ views: [MessageView], stack: TestService) async throws {
        let stats = try await stack.simStats()
        let sends = try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }
        let recovered = views.filter { view in (view.timeline ?? []).contains { $0.cause.hasPrefix("recovered after restart") } }
        var byState: [String: Int] = [:]
        for view in views { byState[view.state, default: 0] += 1 }
        print("crash chaos: states \(byState.sorted { $0.key < $1.key }), \(recovered.count) recovered, "
              + "\(recovered.filter { $0.attempts > 1 }.count) sent again; sim \(stats.sorted { $0.key < $1.key })")

        // The outbox's running counts (kept with every change, through the crash) agree.
        var counted: [String: Int] = [:]
        for view in views { counted[view.state, default: 0] += 1 }
        #expect(try await stack.metricsMessageCounts().filter { $0.value > 0 } == counted)
        #expect(try await stack.statsByState() == counted)

        #expect(views.allSatisfy { $0.isFinal }, "\(views.filter { !$0.isFinal }.prefix(3).map(\.story))")
        #expect(views.allSatisfy { $0.timelineChains }, "\(views.filter { !$0.timelineChains }.prefix(3).map(\.story))")
        #expect(!recovered.isEmpty, "the kill caught nothing in flight")

        // Each message's state is what the provider said about its latest attempt.
        let oracle = CallbackOracle(try await stack.simCallbacks())
        let judged = views.filter { oracle.expectedState(of: $0) != nil }
        let wrong = judged.filter { oracle.expectedState(of: $0) != $0.state }
        #expect(wrong.isEmpty, "\(wrong.count) messages disagree with their callbacks: \(wrong.prefix(3).map(\.story))")
        #expect(views.count - judged.count <= stats["callbacks_failed"] ?? 0, "only a lost callback leaves a message unjudged")

        // A second attempt only after a recovery, and its first attempt was interrupted.
        let resent = views.filter { $0.attempts > 1 }
        #expect(resent.allSatisfy { view in recovered.contains { $0.id == view.id } }, "\(resent.prefix(3).map(\.story))")
        #expect(resent.allSatisfy { $0.attemptHistory?.first?.outcome == "interrupted" })

        // Every request belongs to exactly one attempt; a conversation's text reached the provider
        // more than once only for a recovered message.
        var owner: [String: String] = [:]
        for view in views {
            for id in (view.attemptHistory ?? []).flatMap(\.apiSendIds) { owner[id] = view.id }
        }
        var seen: [String: Int] = [:]
        for id in sends.flatMap(\.apiSendIDs) { seen[id, default: 0] += 1 }
        #expect(seen.values.allSatisfy { $0 == 1 }, "an api_send_id went out twice")
        #expect(seen.keys.allSatisfy { owner[$0] != nil }, "a request no attempt owns")
        var copies: [String: Int] = [:]
        for request in sends { copies[request.sightingKey, default: 0] += 1 }
        let recoveredKeys = Set(recovered.map(\.sightingKey))
        let twice = copies.filter { $0.value > 1 }
        #expect(twice.keys.allSatisfy { recoveredKeys.contains($0) }, "sent twice without a recovery: \(twice.prefix(5))")
        #expect(copies.values.allSatisfy { $0 <= 2 })
        #expect(Set(copies.keys) == Set(views.map(\.sightingKey)), "every message reached the provider")

        // One conversation's messages left in creation order; a resend repeats, never jumps back.
        var lastRound: [String: Int] = [:]
        var outOfOrder: [String] = []
        for request in sends {
            let conversation = String(request.sightingKey.prefix { $0 != "|" })
            guard let round = request.texts.first.flatMap({ Int($0.dropFirst("round ".count)) }) else { continue }
            if let last = lastRound[conversation], last > round { outOfOrder.append("\(conversation): \(last) then \(round)") }
            lastRound[conversation] = round
        }
        #expect(outOfOrder.isEmpty, "\(outOfOrder.prefix(5))")
    }
}
