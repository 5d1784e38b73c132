import Delivery
import Testing

/// What an attempt's result does to a forward: 2xx delivers; no answer, 408, 429 and 5xx retry
/// on the schedule (capped at an hour, `Retry-After` waited out up to the cap) until the budget
/// is spent; any other status fails at once.
@Suite struct ForwardDecisionTests {
    let policy = ForwardPolicy(maxAttempts: 3, retryBaseMilliseconds: 1000)

    @Test func twoHundredsDeliver() {
        for status in [200, 202, 204, 299] {
            #expect(ForwardDecision.after(.answered(status: status, retryAfter: nil), attemptsInBudget: 1,
                                          policy: policy, jitter: 0) == .delivered)
        }
    }

    @Test func otherStatusesFailAtOnce() {
        for status in [301, 400, 401, 404, 410, 422, 100] {
            #expect(ForwardDecision.after(.answered(status: status, retryAfter: nil), attemptsInBudget: 1,
                                          policy: policy, jitter: 0) == .failed(reason: "HTTP \(status)"))
        }
    }

    @Test func retryableResultsBackOffWithEqualJitterUntilTheBudgetIsSpent() {
        for result in [ForwardAttemptResult.answered(status: 408, retryAfter: nil), .answered(status: 429, retryAfter: nil),
                       .answered(status: 500, retryAfter: nil), .answered(status: 503, retryAfter: nil),
                       .noAnswer(reason: "timed out after 5000 ms")] {
            #expect(ForwardDecision.after(result, attemptsInBudget: 1, policy: policy, jitter: 0)
                    == .retry(after: 0.5, reason: result.reason))
            #expect(ForwardDecision.after(result, attemptsInBudget: 2, policy: policy, jitter: 0.5)
                    == .retry(after: 1.5, reason: result.reason))
            #expect(ForwardDecision.after(result, attemptsInBudget: 3, policy: policy, jitter: 0)
                    == .failed(reason: "\(result.reason); gave up after 3 attempts"))
        }
    }

    @Test func theBackoffIsCappedAtAnHourAndSoIsRetryAfter() {
        let patient = ForwardPolicy(maxAttempts: 100, retryBaseMilliseconds: 60_000)
        #expect(ForwardDecision.after(.noAnswer(reason: "x"), attemptsInBudget: 30, policy: patient, jitter: 0.999_999)
                == .retry(after: 1800 + 0.999_999 * 1800, reason: "x"))
        #expect(ForwardDecision.after(.answered(status: 429, retryAfter: 90), attemptsInBudget: 1, policy: policy,
                                      jitter: 0) == .retry(after: 90, reason: "HTTP 429"))
        #expect(ForwardDecision.after(.answered(status: 503, retryAfter: 86_400), attemptsInBudget: 1, policy: policy,
                                      jitter: 0) == .retry(after: 3600, reason: "HTTP 503"))
        // A Retry-After shorter than the backoff does not shorten it.
        #expect(ForwardDecision.after(.answered(status: 503, retryAfter: 0.1), attemptsInBudget: 2, policy: policy,
                                      jitter: 0) == .retry(after: 1, reason: "HTTP 503"))
    }
}
