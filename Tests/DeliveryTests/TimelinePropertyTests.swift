import Core
import Delivery
import Testing

/// Thousands of random event sequences from a seeded generator, checked after every step.
@Suite struct TimelinePropertyTests {
    struct Step {
        let event: DeliveryEvent
        let time: Double
    }

    /// A random event for `record`: mostly plausible, sometimes out of place or malformed.
    static func randomEvent(for record: DeliveryRecord, now: Double, using rng: inout SplitMix64) -> DeliveryEvent {
        let count = record.itemCount
        let number = record.nextAttemptNumber
        let known = record.attempts.flatMap(\.items)
        func someReference() -> CallbackReference {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return CallbackReference(apiSendID: "unknown-\(Int.random(in: 0..<3, using: &rng))")
            case 1 where !known.isEmpty:
                return CallbackReference(providerID: known.randomElement(using: &rng)?.providerID)
            default:
                guard let item = (Bool.random(using: &rng) ? record.latestAttempt?.items : known)?
                    .randomElement(using: &rng) else { return CallbackReference(apiSendID: "none") }
                return CallbackReference(apiSendID: item.apiSendID)
            }
        }
        func ids(_ prefix: String) -> [String?] {
            (0..<count).map { Int.random(in: 0..<12, using: &rng) == 0 ? nil : "\(prefix)\(number)-\($0)" }
        }
        let eventID = "e_\(Int.random(in: 0..<1_000_000, using: &rng))"
        switch Int.random(in: 0..<22, using: &rng) {
        case 0..<4:
            let fresh = (0..<count).map { "a\(number)-\($0)" }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return .sendStarted(attempt: number + 1, apiSendIDs: fresh)
            case 1: return .sendStarted(attempt: number, apiSendIDs: Array(fresh.dropLast()))
            case 2 where !known.isEmpty: return .sendStarted(attempt: number, apiSendIDs: known.prefix(count).map(\.apiSendID))
            default: return .sendStarted(attempt: number, apiSendIDs: fresh)
            }
        case 4, 5: return record.hasReceipts || Int.random(in: 0..<5, using: &rng) == 0
            ? .accepted(providerIDs: ids("svr")) : .sent(providerIDs: ids("svr"))
        case 6: return .sent(providerIDs: ids("mid"))
        case 7: return .rejected(reason: "errcode 1: no", itemIndex: Bool.random(using: &rng) ? nil : Int.random(in: 0...count, using: &rng))
        case 8, 9: return .retryable(reason: "HTTP 503", jitter: Double.random(in: 0..<1, using: &rng))
        case 10..<13: return .echo(someReference(), eventID: eventID)
        case 13, 14: return .sendFailure(someReference(), errmsg: "失败", eventID: eventID)
        case 15, 16, 17: return .tick
        case 18: return .cancel
        case 19: return .retry
        default: return .recoverAfterRestart
        }
    }

    static let timeSteps: [Double] = [0, 0, 0.25, 1, 10, 59.9, 60, 61, 300, 870, 899, 900, 901, 2_000]

    /// Every change of state the diagram allows; the random walk must have taken each of them.
    static let legalChanges: Set<String> = [
        "queued>sending", "queued>cancelled", "sending>accepted", "sending>sent", "sending>failed",
        "sending>queued", "accepted>echoed", "accepted>failed", "accepted>expired", "echoed>delivered",
        "echoed>failed", "echoed>expired", "delivered>failed", "expired>failed", "failed>queued", "expired>queued",
    ]

    @Test(arguments: 0..<4)
    func randomSequencesKeepEveryInvariant(batch: UInt64) async throws {
        var rng = SplitMix64(seed: 0xDE11_7E27 &+ batch)
        var seen = Set<String>()
        for _ in 0..<1_000 {
            // A second of CPU per batch: let the other tests' awaits run in between, as the
            // concurrency pool has only a thread per core.
            await Task.yield()
            let policy = DeliveryPolicy(maxAttempts: Int.random(in: 1...5, using: &rng))
            var scenario = Scenario(items: Int.random(in: 1...5, using: &rng),
                                    receipts: Int.random(in: 0..<5, using: &rng) != 0,
                                    at: 1_000, policy: policy)
            var applied: [Step] = []
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                var time = scenario.now + Self.timeSteps.randomElement(using: &rng)!
                // Often wait until a queued message is due so that sends happen.
                if scenario.state == .queued, let due = scenario.record.nextActionAt, Int.random(in: 0..<3, using: &rng) > 0 {
                    time = max(time, due)
                }
                let event = Self.randomEvent(for: scenario.record, now: time, using: &rng)
                let before = scenario.record
                do {
                    let rows = try scenario.apply(event, at: time)
                    applied.append(Step(event: event, time: time))
                    try Self.checkRows(rows, event: event, before: before, after: scenario.record, at: time)
                } catch let refusal as DeliveryRefusal {
                    #expect(scenario.record == before, "refused \(event) (\(refusal)) changed the record")
                }
                try Self.checkConsistency(scenario)
            }
            try Self.checkReplay(scenario, steps: applied)
            for row in scenario.timeline where !row.isNoChange {
                seen.insert("\(row.from?.rawValue ?? "nil")>\(row.to.rawValue)")
            }
        }
        #expect(seen.subtracting(["nil>queued"]) == Self.legalChanges)
    }

    /// The rows of one successful step: they chain (checked by `Scenario.apply`), end in the new
    /// state, keep time order, and leave a final state only by a late failure or a manual retry.
    static func checkRows(_ rows: [TimelineEntry], event: DeliveryEvent, before: DeliveryRecord,
                          after: DeliveryRecord, at time: Double) throws {
        #expect((rows.last?.to ?? before.state) == after.state)
        if case .tick = event {} else { #expect(!rows.isEmpty, "\(event) left no row") }
        var previousTime = before.updatedAt
        for row in rows {
            #expect(row.time >= previousTime && row.time <= time, "row time \(row.time) out of order")
            previousTime = row.time
            guard let from = row.from, from.isFinal, row.to != from else { continue }
            switch (from, row.to, event) {
            case (.delivered, .failed, .sendFailure), (.expired, .failed, .sendFailure),
                 (.failed, .queued, .retry), (.expired, .queued, .retry):
                break
            default:
                Issue.record("left final \(from) for \(row.to) on \(event)")
            }
        }
    }

    /// What must hold of any record, whatever happened to it.
    static func checkConsistency(_ scenario: Scenario) throws {
        let record = scenario.record
        let policy = scenario.policy
        #expect(scenario.stateFromTimeline == record.state, "the timeline does not end in the state")
        #expect(Scenario.chains(Array(scenario.timeline.dropFirst()), after: .queued))
        #expect(record.attempts.map(\.number) == Array(stride(from: 1, through: record.attempts.count, by: 1)))
        #expect(record.attempts.dropLast().allSatisfy { $0.outcome != nil }, "an old attempt is still in flight")
        let latest = record.latestAttempt
        #expect((record.state == .sending) == (latest != nil && latest?.outcome == nil))
        #expect((record.error != nil) == (record.state == .failed || record.state == .expired), "error in \(record.state)")

        switch record.state {
        case .queued:
            #expect(record.nextActionAt != nil)
            let outcome = latest?.outcome
            #expect(latest == nil || outcome == .retryable || outcome == .interrupted || record.attemptsInBudget == 0)
        case .accepted, .echoed, .delivered:
            let attempt = try #require(latest)
            #expect(record.hasReceipts && attempt.outcome == .accepted)
            #expect(!attempt.items.contains { $0.hasFailed })
            let allEchoed = attempt.items.allSatisfy(\.hasEchoed)
            #expect(allEchoed == (record.state != .accepted))
            let answeredAt = try #require(attempt.answeredAt)
            let expire = answeredAt + policy.expireAfterSeconds
            if record.state == .accepted { #expect(record.nextActionAt == expire) }
            if record.state == .echoed {
                let confirm = try #require(attempt.items.compactMap(\.echoedAt).max()) + policy.confirmAfterSeconds
                #expect(record.nextActionAt == min(confirm, expire))
            }
        case .sent:
            #expect(!record.hasReceipts && latest?.outcome == .sent)
        case .sending, .failed, .expired, .cancelled:
            break
        }
        if record.state != .queued && !record.state.isAwaitingReceipt { #expect(record.nextActionAt == nil) }
        // A budget holds at most max_attempts sends, plus the ones a restart cut short.
        let budget = record.attempts.suffix(record.attemptsInBudget)
        let interrupted = budget.filter { $0.outcome == .interrupted }.count
        #expect(record.attemptsInBudget <= policy.maxAttempts.clamped(min: 1) + interrupted)
    }

    /// The state is derivable: the same events at the same times give the same record and rows.
    static func checkReplay(_ scenario: Scenario, steps: [Step]) throws {
        var replay = Scenario(items: scenario.record.itemCount, receipts: scenario.record.hasReceipts,
                              at: 1_000, policy: scenario.policy)
        for step in steps { try replay.apply(step.event, at: step.time) }
        #expect(replay.record == scenario.record)
        #expect(replay.timeline == scenario.timeline)
    }
}

extension Int {
    fileprivate func clamped(min lower: Int) -> Int { Swift.max(lower, self) }
}
