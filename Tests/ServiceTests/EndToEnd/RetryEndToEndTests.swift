import Foundation
import ServiceHarness
import Testing

/// A provider answering 5xx: retried with backoff, each attempt with fresh `api_send_id`s, until
/// one is taken (docs/delivery.md, "Retries").
@Suite struct RetryEndToEndTests {
    @Test(arguments: [SendTarget.shop("c-retry"), SendTarget.sales("7004")])
    func twoServerErrorsThenSuccessTakesThreeAttempts(target: SendTarget) async throws {
        try await TestService.with(.endToEnd()) { stack in
            try await stack.faults(["http_500_next": 2])
            let id = try await stack.send(target, text: "再试一次")
            let view = try await stack.waitFor(id)

            let final = target.provider == "botadmin" ? "sent" : "delivered"
            #expect(view.state == final, "\(view.story)")
            #expect(view.attempts == 3, "\(view.story)")
            let history = try #require(view.attemptHistory)
            #expect(history.map(\.attempt) == [1, 2, 3])
            #expect(history.map(\.outcome) == ["retryable", "retryable", target.provider == "botadmin" ? "sent" : "accepted"])
            #expect(history.prefix(2).allSatisfy { $0.error?.contains("500") == true }, "\(history.map(\.error))")
            #expect(view.timelineChains, "\(view.story)")

            // Each 500 sent the message back to queued, and the row says so.
            let retries = (view.timeline ?? []).filter { $0.from == "sending" && $0.to == "queued" }
            #expect(retries.count == 2, "\(view.story)")
            #expect(retries.allSatisfy { $0.cause.contains("HTTP 500") && $0.cause.contains("retry in") }, "\(view.story)")
            let starts = (view.timeline ?? []).filter { $0.from == "queued" && $0.to == "sending" }.map(\.cause)
            #expect(starts == ["attempt 1", "attempt 2", "attempt 3"])

            // The log says why each of the first two attempts was sent again.
            func retried() -> [Substring] {
                stack.serviceLog.split(separator: "\n")
                    .filter { $0.contains("msg=\"send answered\" message_id=\(id) ") && $0.contains("state=queued") }
            }
            _ = await eventually { retried().count == 2 }
            #expect(retried().count == 2 && retried().allSatisfy { $0.contains(" error=\"HTTP 500") }, "\(retried())")

            // Three requests reached the simulator, each attempt with its own ids.
            let requests = try await stack.simLog().filter { $0.path != "/api/users" && $0.path != "/api/groups" }
            #expect(requests.map(\.answerStatus) == [500, 500, 200])
            let ids = history.flatMap(\.apiSendIds)
            #expect(Set(ids).count == 3)
            if target.provider == "yunzhenji" {
                #expect(requests.flatMap(\.apiSendIDs) == ids)
            }
        }
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        var settings = TestSettings.endToEnd()
        settings.maxAttempts = 2
        try await TestService.with(settings) { stack in
            try await stack.faults(["http_500_next": 5])
            let id = try await stack.send(.shop("c-give-up"), text: "放弃")
            let view = try await stack.waitFor(id)

            #expect(view.state == "failed", "\(view.story)")
            #expect(view.attempts == 2)
            #expect(view.error?.contains("HTTP 500") == true, "\(view.story)")
            #expect(view.error?.contains("gave up after 2 attempts") == true, "\(view.story)")
            #expect(try await stack.simLog().filter { $0.path == "/api/send" }.count == 2)
            // The failure's log line carries its reason, as the timeline does.
            let logged = await eventually {
                stack.serviceLog.split(separator: "\n").contains {
                    $0.contains("msg=\"send answered\" message_id=\(id) ") && $0.contains("state=failed")
                        && $0.contains("gave up after 2 attempts")
                }
            }
            #expect(logged, "\(stack.serviceLog)")
        }
    }
}
