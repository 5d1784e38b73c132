import Delivery
import Testing

/// Every order of the send's answer and the callbacks, for 1 and 2 items, against an oracle
/// that does not care about order.
@Suite struct CallbackOrderTests {
    enum Answer: String, CaseIterable, CustomTestStringConvertible {
        case accepted, retryable, rejected
        var testDescription: String { rawValue }
    }

    enum Step: Hashable, CustomStringConvertible {
        case answer
        case echo(item: Int)
        case failure(item: Int)

        var description: String {
            switch self {
            case .answer: "answer"
            case .echo(let item): "chatMsg[\(item)]"
            case .failure(let item): "chatMsgSendFail[\(item)]"
            }
        }
    }

    /// The state right after the steps, whatever their order.
    static func expectedState(_ steps: [Step], answer: Answer, items: Int) -> DeliveryState {
        let answerAt = steps.firstIndex(of: .answer)!
        let before = steps[..<answerAt]
        let anyFailure = steps.contains { if case .failure = $0 { true } else { false } }
        let allEchoed = (0..<items).allSatisfy { steps.contains(.echo(item: $0)) }
        switch answer {
        case .rejected:
            return .failed
        case .accepted:
            return anyFailure ? .failed : allEchoed ? .echoed : .accepted
        case .retryable:
            // Callbacks that came before a lost answer prove the provider took it.
            let proven = before.contains { $0 != .answer }
            guard proven else { return .queued }
            return anyFailure ? .failed : allEchoed ? .echoed : .accepted
        }
    }

    /// What the timers make of it later.
    static func settled(_ state: DeliveryState) -> DeliveryState {
        switch state {
        case .accepted: .expired
        case .echoed: .delivered
        default: state
        }
    }

    static func orders(items: Int) -> [[Step]] {
        let callbacks = (0..<items).flatMap { [Step.echo(item: $0), .failure(item: $0)] }
        return subsets(callbacks).flatMap { permutations([.answer] + $0) }
    }

    @Test func theOrdersAreAllThere() {
        // 1 item: {a}, {a,e}×2, {a,f}×2, {a,e,f}×6. 2 items: Σ C(4,k)·(k+1)! = 261.
        #expect(Self.orders(items: 1).count == 11)
        #expect(Set(Self.orders(items: 1)).count == 11)
        #expect(Self.orders(items: 2).count == 261)
        #expect(Set(Self.orders(items: 2)).count == 261)
    }

    @Test(arguments: [1, 2], Answer.allCases)
    func everyOrderEndsWhereTheOracleSays(items: Int, answer: Answer) throws {
        for order in Self.orders(items: items) {
            var scenario = Scenario(items: items)
            try scenario.send(at: 0)
            var time = 0.0
            for step in order {
                time += 1
                switch step {
                case .answer:
                    switch answer {
                    case .accepted: try scenario.answerTaken(at: time)
                    case .retryable: try scenario.apply(.retryable(reason: "HTTP 502", jitter: 0.3), at: time)
                    case .rejected: try scenario.apply(.rejected(reason: "errcode 1: bad", itemIndex: nil), at: time)
                    }
                case .echo(let item): try scenario.echo(item: item, attempt: 1, at: time)
                case .failure(let item): try scenario.fail(item: item, attempt: 1, at: time)
                }
            }
            let expected = Self.expectedState(order, answer: answer, items: items)
            #expect(scenario.state == expected, "\(order)")
            #expect(scenario.stateFromTimeline == expected, "\(order)")
            // Every step left at least one row: nothing happens silently.
            #expect(scenario.timeline.count >= order.count + 2, "\(order)")
            if expected == .failed, answer != .rejected {
                #expect(scenario.record.error?.hasPrefix("item ") == true, "\(order): \(scenario.record.error ?? "nil")")
            }
            try scenario.apply(.tick, at: 10_000)
            #expect(scenario.state == Self.settled(expected), "\(order) after the timers")
        }
    }

    @Test func anEchoOvertakingTheAnswerStillEndsDelivered() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        let early = try scenario.echo(at: 1)
        #expect(early == [TimelineEntry(time: 1, from: .sending, to: .sending,
                                        cause: "chatMsg e_1 for item 1 came before the send's answer")])
        let rows = try scenario.apply(.accepted(providerIDs: ["svr"]), at: 2)
        #expect(rows.map(\.to) == [.accepted, .echoed])
        #expect(rows.last?.cause == "chatMsg e_1 came before the answer: every item echoed")
        // Confirmation runs from the echo, not from the answer.
        #expect(scenario.record.nextActionAt == 61)
        let delivered = try scenario.apply(.tick, at: 61)
        #expect(delivered == [TimelineEntry(time: 61, from: .echoed, to: .delivered, cause: "no chatMsgSendFail within 60 s")])
    }

    @Test func aFailureOvertakingTheAnswerEndsFailed() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        try scenario.fail(item: 1, errmsg: "消息发送失败", at: 1)
        #expect(scenario.state == .sending)
        try scenario.answerTaken(at: 2)
        #expect(scenario.timeline.suffix(2).map(\.to) == [.accepted, .failed])
        #expect(scenario.record.error == "item 2: 消息发送失败")
        #expect(scenario.timeline.last?.cause == "chatMsgSendFail e_1 came before the answer: item 2: 消息发送失败")
    }

    @Test func aTimeoutAfterAnEchoCountsAsAcceptedInsteadOfSendingTwice() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        try scenario.echo(item: 0, at: 1)
        let rows = try scenario.apply(.retryable(reason: "timeout after 10000 ms", jitter: 0), at: 10)
        #expect(rows.map(\.to) == [.accepted])
        #expect(rows.first?.cause == "timeout after 10000 ms, but chatMsg e_1 had come: attempt 1 counts as accepted")
        #expect(scenario.record.latestAttempt?.outcome == .accepted)
        #expect(scenario.record.nextActionAt == 910)
        try scenario.echo(item: 1, at: 11)
        #expect(scenario.state == .echoed)
    }
}
