import Foundation
import ServiceHarness
import Testing

/// Crash consistency (docs/delivery.md, "Crashes, restarts and stopping"): trials of SIGKILL at a
/// random moment while 16 clients post bot-admin webhooks (distinct events, redeliveries, some
/// racing their original, 40 % holding a rule's keyword so a reply is queued) and operator sends,
/// and the dispatcher is sending through `wxhook sim` (failures, duplicate and delayed callbacks,
/// answers held 150 ms). After every kill the service restarts on the same database; through the
/// public API only:
///  1. every webhook answered 200 (every send answered 202) is stored exactly once, under the
///     id it was answered with — checked after every restart and at the end;
///  2. every stored message with the keyword has exactly one reply in the outbox, others none;
///  3. every message is final once the run has settled;
///  4. no message reached the provider twice unless its timeline says it was recovered after a
///     restart, and no attempt's `api_send_id` did;
///  5. every stored `message` event reached the `event.message` subscription's application
///     (a receiver in the test, answering 503 to the first attempt of some webhook-ids in odd
///     trials) under exactly one webhook-id, answered 2xx at least once, every request signed;
///     no request names an event the API does not list — checked once forwards drain after
///     every restart, and at the end;
///  6. every message, once the run has settled, reached the same application as
///     `message.<its final state>` under exactly one webhook-id, each answered 2xx, signed; no
///     message state under two webhook-ids, none naming a message the API does not list.
///
/// Trials: `WXHOOK_CRASH_TRIALS` (default 3); the full run is
///     WXHOOK_CRASH_TRIALS=50 swift test --filter CrashConsistency
/// `WXHOOK_CRASH_SEED` repeats a run's plan (what is posted, when the kill comes); the
/// interleaving stays the scheduler's.
@Suite struct CrashConsistencyTests {
    static var trials: Int { ProcessInfo.processInfo.environment["WXHOOK_CRASH_TRIALS"].flatMap { Int($0) } ?? 3 }
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["WXHOOK_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
    }

    /// A crash report's lines (Swift runtime failures, fatal errors) and the log's last lines.
    static func lastWords(of log: String) -> String {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        let crash = lines.filter { $0.contains("runtime failure") || $0.contains("Fatal error") || $0.contains("crashed") }
        return (crash.prefix(10) + ["…"] + lines.suffix(20)).joined(separator: "\n")
    }

    @Test func sigkillUnderLoadKeepsEveryAcknowledgedEventAndRepliesOnce() async throws {
        let trials = Self.trials, seed = Self.seed
        print("crash consistency: seed \(seed) (WXHOOK_CRASH_SEED=\(seed) repeats the plan), \(trials) trials")
        var settings = TestSettings.endToEnd()
        // A provider's retry after the restart must still count as a redelivery.
        settings.dedupeWindowS = 86_400
        let started = Date()
        settings.host = .process
        settings.seed = seed
        // A load generator: the whole machine, so that no other live test misses its deadlines.
        settings.load = .whole
        let forwarding = try CrashForwarding()
        defer { Task { await forwarding.receiver.stop() } }
        settings.forwardJSON = forwarding.forwardJSON
        try await TestService.with(settings) { stack in
            try await stack.faults(["fail_rate": 0.2, "duplicate_rate": 0.1, "callback_delay_ms": [0, 300],
                                    "answer_delay_ms": 150])
            try CrashWorkload.rules.write(toFile: stack.directory.file("Rules/crash.json"), atomically: true, encoding: .utf8)
            let reload = try await stack.client.post("/api/rules/reload", body: "")
            try #require(reload.status == 200, "the rule did not load: \(reload.text)")

            var run = CrashRun(stack: stack, forwarding: forwarding, seed: seed)
            let outcome: CrashRun.Outcome
            do {
                for trial in 0..<trials { try await run.trial(trial) }
                outcome = try await run.finish()
            } catch {
                // A request that failed usually means serve died on its own (not by our kill):
                // say so with its own last words, which the error itself does not carry.
                print("crash consistency: seed \(seed) stopped on \(error); serve's log ends:\n"
                      + Self.lastWords(of: stack.serviceLog))
                throw error
            }

            let seconds = Int(Date().timeIntervalSince(started).rounded())
            print("""
                crash consistency: seed \(seed), \(trials) trials in \(seconds) s; \(outcome.events) events, \
                \(outcome.messages) messages (\(outcome.replies) replies); kills that caught sends in flight: \
                \(outcome.killsWithSendsInFlight)/\(trials) (\(outcome.recoveredMessages) messages recovered after restart); \
                kills that cut posts off: \(outcome.killsWithPostsInFlight)/\(trials) (\(outcome.postsCutOff) posts, \
                \(outcome.committedUnanswered) of them stored before the kill); forwards: \(outcome.forwardIDs) webhook-ids \
                (\(outcome.messageForwardIDs) of message states) in \
                \(outcome.forwardRequests) requests (\(outcome.forwardsRefused) answered 503, \(outcome.forwardsResentAfterKill) \
                sent again after a kill); violations: \(outcome.violations.count)
                """)
            for violation in outcome.violations.prefix(100) { print("crash consistency violation: \(violation)") }
            if outcome.violations.count > 100 { print("crash consistency: … and \(outcome.violations.count - 100) more violations") }
            // The count, not the list: the lines above are the readable account.
            let violations = outcome.violations.count
            #expect(violations == 0, "seed \(seed): \(outcome.violations.prefix(3).joined(separator: "\n"))")
            // The trials must have crashed something: else they prove nothing.
            #expect(outcome.killsWithPostsInFlight + outcome.killsWithSendsInFlight > 0, "no kill caught any work in flight")
            #expect(outcome.replies > 0)
            #expect(outcome.forwardIDs > 0)
            #expect(outcome.messageForwardIDs > 0)
        }
    }
}
