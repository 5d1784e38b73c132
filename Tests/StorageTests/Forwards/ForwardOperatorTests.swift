import Core
import Delivery
import Foundation
import Storage
import Testing

/// The operator's side of forwards: per-subscription activity, a failed forward retried with a
/// fresh budget, a stored event replayed as a new forward, lists filtered by time.
@Suite struct ForwardOperatorTests {
    static let t0 = StoreFixture.t0
    static let planner = ForwardStoreTests.planner
    static let policy = ForwardPolicy(maxAttempts: 2, retryBaseMilliseconds: 1000)

    /// Stores a message event `e_<index>` in conversation `conversation` at `t0 + index`.
    static func ingest(_ store: any Store, _ index: Int, conversation: String = "7xxx") async throws {
        _ = try await store.ingest(ForwardStoreTests.message("m\(index)", key: "k\(index)", conversation: conversation),
                                   id: "e_\(index)", receivedAt: t0 + Double(index), replies: nil)
    }

    /// Starts and ends one attempt of `forward` with `status` at `now`.
    @discardableResult
    static func attempt(_ store: any Store, _ forward: Forward, status: Int, now: Double) async throws -> Forward {
        let started = try await store.startForwardAttempts([forward.id], now: now)
        let running = try started[0].get()
        return try await store.recordForwardAttempt(
            id: running.id, attempt: running.attempts, result: .answered(status: status, retryAfter: nil),
            answer: "a", durationMs: 250, policy: policy, jitter: 0, now: now + 0.25)
    }

    static func crmForward(_ store: any Store, event: String) async throws -> Forward {
        let page = try await store.forwards(matching: ForwardQuery(subscription: "crm", eventID: event))
        guard let forward = page.items.first else { throw StoreFixtureError("no crm forward of \(event)") }
        return forward
    }

    @Test func activityCountsEachSubscriptionsForwardsByStateAndItsLastSuccessAndFailure() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            #expect(try await store.subscriptionActivity().isEmpty)
            try await Self.ingest(store, 0, conversation: "a")
            try await Self.ingest(store, 1, conversation: "b")
            let first = try await Self.crmForward(store, event: "e_0")
            try await Self.attempt(store, first, status: 200, now: Self.t0 + 10)
            let second = try await Self.crmForward(store, event: "e_1")
            let failed = try await Self.attempt(store, second, status: 400, now: Self.t0 + 20)
            #expect(failed.state == .failed)

            let activity = try await store.subscriptionActivity()
            let crm = try #require(activity["crm"])
            #expect(crm.counts == [.pending: 0, .delivering: 0, .delivered: 1, .failed: 1])
            #expect(crm.lastSuccessAt == Self.t0 + 10.25)
            #expect(crm.lastFailureAt == Self.t0 + 20.25)
            let llm = try #require(activity["llm"])
            #expect(llm.counts == [.pending: 2, .delivering: 0, .delivered: 0, .failed: 0])
            #expect(llm.lastSuccessAt == nil && llm.lastFailureAt == nil)
            #expect(activity["quiet"] == nil)
        }
    }

    @Test func aFailedForwardIsRetriedWithAFreshBudgetUnderItsIDAndNoLongerHoldsItsLine() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            try await Self.ingest(store, 0)
            try await Self.ingest(store, 1)
            let first = try await Self.crmForward(store, event: "e_0")
            let retrying = try await Self.attempt(store, first, status: 503, now: Self.t0 + 10)
            #expect(retrying.state == .pending)
            let failed = try await Self.attempt(store, retrying, status: 503, now: Self.t0 + 20)
            #expect(failed.state == .failed && failed.attempts == 2)

            // Only a failed forward is retried; an unknown one is not found.
            let younger = try await Self.crmForward(store, event: "e_1")
            await #expect(throws: ForwardError.notRetryable(forwardID: younger.id, .pending)) {
                try await store.retryForward(id: younger.id, now: Self.t0 + 30)
            }
            await #expect(throws: ForwardError.forwardNotFound("fw_nope")) {
                try await store.retryForward(id: "fw_nope", now: Self.t0 + 30)
            }

            let retried = try await store.retryForward(id: first.id, now: Self.t0 + 30)
            #expect(retried.id == first.id && retried.state == .pending && retried.nextAttemptAt == Self.t0 + 30)
            #expect(retried.attempts == 2)
            // Both are due: the retried one does not hold the younger one back, nor waits for it.
            let due = try await store.dueForwards(now: Self.t0 + 30, limit: 10)
            #expect(Set(due.map(\.id)) == [first.id, younger.id])
            // A fresh budget: one 503 retries again instead of failing at once.
            let again = try await Self.attempt(store, retried, status: 503, now: Self.t0 + 31)
            #expect(again.state == .pending && again.attempts == 3)
            let activity = try await store.subscriptionActivity()
            #expect(activity["crm"]?.counts == [.pending: 2, .delivering: 0, .delivered: 0, .failed: 0])
        }
    }

    @Test func aReplayIsANewForwardOfTheStoredEventToTheNamedSubscription() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            try await Self.ingest(store, 0)
            let original = try await Self.crmForward(store, event: "e_0")
            let replayed = try await store.replayEvent(id: "e_0", to: "crm", now: Self.t0 + 100)
            #expect(replayed.id != original.id && replayed.id.hasPrefix("fw_"))
            #expect(replayed.subscription == "crm" && replayed.eventID == "e_0" && replayed.state == .pending)
            #expect(replayed.body == original.body && replayed.createdAt == Self.t0 + 100)
            #expect(replayed.conversation == "7xxx" && replayed.attempts == 0)
            let listed = try await store.forwards(matching: ForwardQuery(subscription: "crm")).items
            #expect(listed.map(\.id) == [replayed.id, original.id])

            await #expect(throws: ForwardError.eventNotFound("e_missing")) {
                try await store.replayEvent(id: "e_missing", to: "crm", now: Self.t0 + 100)
            }
            await #expect(throws: ForwardError.unknownSubscription("nobody")) {
                try await store.replayEvent(id: "e_0", to: "nobody", now: Self.t0 + 100)
            }
            #expect(try await store.subscriptionActivity()["crm"]?.counts[.pending] == 2)
        }
    }

    @Test func withoutAPlannerAReplayNamesNoSubscription() async throws {
        try await StoreFixture.with { store, _ in
            try await Self.ingest(store, 0)
            await #expect(throws: ForwardError.unknownSubscription("crm")) {
                try await store.replayEvent(id: "e_0", to: "crm", now: Self.t0)
            }
        }
    }

    @Test func listsAreFilteredByCreationTimeSinceInclusiveUntilExclusive() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            for index in 0..<4 { try await Self.ingest(store, index, conversation: "c\(index)") }
            let window = ForwardQuery(since: Self.t0 + 1, until: Self.t0 + 3)
            let page = try await store.forwards(matching: window, limit: 1, offset: 0)
            #expect(page.total == 2 && page.items.map(\.eventID) == ["e_2"])
            let next = try await store.forwards(matching: window, limit: 1, offset: 1)
            #expect(next.items.map(\.eventID) == ["e_1"])
        }
    }
}
