import Delivery
import Testing

@Suite struct DeliveryStateTests {
    @Test func rawValuesAreTheContractNames() {
        #expect(DeliveryState.allCases.map(\.rawValue) == [
            "queued", "sending", "accepted", "echoed", "delivered", "sent", "failed", "expired", "cancelled",
        ])
    }

    @Test func exactlyTheDocumentedStatesAreFinal() {
        let final = Set(DeliveryState.allCases.filter(\.isFinal))
        #expect(final == [.delivered, .sent, .failed, .expired, .cancelled])
    }

    @Test func onlyAcceptedAndEchoedAwaitAReceipt() {
        #expect(Set(DeliveryState.allCases.filter(\.isAwaitingReceipt)) == [.accepted, .echoed])
    }

    @Test func outcomeAndItemStatusNamesAreStable() {
        #expect(AttemptOutcome.allCases.map(\.rawValue) == ["accepted", "sent", "rejected", "retryable", "interrupted"])
        #expect(ItemStatus.allCases.map(\.rawValue) == ["pending", "accepted", "rejected", "sent", "echoed", "failed"])
    }

    @Test func policyDefaultsAreTheConfigurationDefaults() {
        let policy = DeliveryPolicy()
        #expect(policy.confirmAfterSeconds == 60)
        #expect(policy.expireAfterSeconds == 900)
        #expect(policy.maxAttempts == 5)
        #expect(policy.retryBaseMilliseconds == 1000)
        #expect(policy.retrySchedule == RetrySchedule(baseMilliseconds: 1000))
    }
}
