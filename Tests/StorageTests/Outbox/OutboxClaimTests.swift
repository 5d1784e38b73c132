import Core
import Delivery
import Testing
@testable import Storage

/// `claimDue`: due messages oldest first, one conversation's messages in creation order.
@Suite struct OutboxClaimTests {
    static let t0 = StoreFixture.t0

    static func ids(_ due: [DueConversation]) -> [[String]] { due.map { $0.messages.map(\.id) } }

    @Test func aConversationReleasesItsNextMessageOnlyAfterThePreviousLeftSending() async throws {
        try await StoreFixture.with { store, _ in
            let first = try await store.enqueueOne(provider: .botadmin, account: "shop", conversation: "c", now: Self.t0)
            let second = try await store.enqueueOne(provider: .botadmin, account: "shop", conversation: "c", now: Self.t0 + 1)
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 2, limit: 10)) == [[first.id]])

            _ = try await store.startAttempt(messageID: first.id, apiSendIDs: ["c-1"], now: Self.t0 + 2)
            #expect(try await store.claimDue(now: Self.t0 + 3, limit: 10).isEmpty)  // the first is in flight

            _ = try await store.recordAnswer(messageID: first.id, event: .retryable(reason: "HTTP 502", jitter: 0),
                                             now: Self.t0 + 3)
            #expect(try await store.claimDue(now: Self.t0 + 3.1, limit: 10).isEmpty)  // its retry holds the line
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 4, limit: 10)) == [[first.id]])

            _ = try await store.startAttempt(messageID: first.id, apiSendIDs: ["c-2"], now: Self.t0 + 4)
            _ = try await store.recordAnswer(messageID: first.id, event: .sent(providerIDs: [nil]), now: Self.t0 + 5)
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 5, limit: 10)) == [[second.id]])
        }
    }

    @Test func yunzhenjiGroupsQueuedMessagesOfAConversationUpToFiveItems() async throws {
        try await StoreFixture.with { store, _ in
            let two: [MessageItem] = [.text("1"), .text("2")]
            let a = try await store.enqueueOne(conversation: "g", items: two, now: Self.t0)
            let b = try await store.enqueueOne(conversation: "g", items: two, now: Self.t0 + 1)
            let c = try await store.enqueueOne(conversation: "g", items: two, now: Self.t0 + 2)
            let other = try await store.enqueueOne(conversation: "h", now: Self.t0 + 3)
            let due = try await store.claimDue(now: Self.t0 + 10, limit: 10)
            #expect(Self.ids(due) == [[a.id, b.id], [other.id]])  // a + b = 4 items; c would make 6
            #expect(due.first?.itemCount == 4)
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 10, limit: 1)) == [[a.id]])
            _ = c
        }
    }

    @Test func aMessageScheduledForLaterDoesNotHoldBackYoungerDueOnes() async throws {
        try await StoreFixture.with { store, _ in
            let later = try await store.enqueueOne(provider: .gowechat, account: "home", conversation: "c",
                                                   sendAt: Self.t0 + 3600, now: Self.t0)
            let now = try await store.enqueueOne(provider: .gowechat, account: "home", conversation: "c", now: Self.t0 + 1)
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 2, limit: 10)) == [[now.id]])
            _ = try await store.startAttempt(messageID: now.id, apiSendIDs: ["g-1"], now: Self.t0 + 2)
            _ = try await store.recordAnswer(messageID: now.id, event: .sent(providerIDs: ["x"]), now: Self.t0 + 3)
            #expect(try await store.claimDue(now: Self.t0 + 100, limit: 10).isEmpty)
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 3600, limit: 10)) == [[later.id]])
        }
    }

    @Test func oldestDueFirstAndOneAccountAtATime() async throws {
        try await StoreFixture.with { store, _ in
            let shop = try await store.enqueueOne(provider: .botadmin, account: "shop", conversation: "x", now: Self.t0 + 1)
            let sales = try await store.enqueueOne(conversation: "y", now: Self.t0)
            let cancelled = try await store.enqueueOne(conversation: "z", now: Self.t0)
            _ = try await store.cancel(messageID: cancelled.id, now: Self.t0 + 1)
            #expect(Self.ids(try await store.claimDue(now: Self.t0 + 5, limit: 10)) == [[sales.id], [shop.id]])
            let onlyShop = try await store.claimDue(now: Self.t0 + 5, limit: 10, provider: .botadmin, account: "shop")
            #expect(Self.ids(onlyShop) == [[shop.id]])
            #expect(onlyShop.first?.provider == .botadmin)
            #expect(try await store.claimDue(now: Self.t0 - 1, limit: 10).isEmpty)
        }
    }
}
