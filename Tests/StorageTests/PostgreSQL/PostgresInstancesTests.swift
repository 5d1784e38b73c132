import Core
import Delivery
import Foundation
import PostgreSQL
import Storage
import Synchronization
import Testing
import TestSupport

/// What only several instances on one PostgreSQL database show: two stores (two clients, two
/// lease owners) on one database, racing. PostgreSQL only: a SQLite file has one instance.
@Suite(.postgres) struct PostgresInstancesTests {
    static let t0 = StoreFixture.t0
    static let policy = DeliveryPolicy(confirmAfterSeconds: 60, expireAfterSeconds: 900)

    /// Two stores on one fresh database, closed and dropped afterwards.
    static func withTwoInstances(
        lease: Double = 30, _ body: (PostgresStore, PostgresStore) async throws -> Void
    ) async throws {
        let database = try TestPostgres.database()
        defer { database.drop() }
        let a = try PostgresStore.open(url: database.url, policy: policy, dedupeWindow: 300, lease: lease, connections: 4)
        let b = try PostgresStore.open(url: database.url, policy: policy, dedupeWindow: 300, lease: lease, connections: 4)
        do {
            try await body(a, b)
        } catch {
            await a.close()
            await b.close()
            throw error
        }
        await a.close()
        await b.close()
    }

    @Test func theSameEventIngestedOnBothInstancesAtOnceIsStoredOnce() async throws {
        try await Self.withTwoInstances { a, b in
            let message = InboundEvent(provider: .yunzhenji, account: "sales", kind: .message, conversation: "7xxx",
                                       sender: "7xxx", text: "价格", dedupeKey: DedupeKey(value: "msg-1", windowed: false),
                                       rawBody: Array("价格".utf8))
            let receipt = InboundEvent(provider: .yunzhenji, account: "sales", kind: .receipt, apiSendID: "s-9",
                                       isSelf: true, dedupeKey: DedupeKey(value: "r-1", windowed: false), rawBody: [])
            for (name, event) in [("m", message), ("r", receipt)] {
                let results = try await withThrowingTaskGroup(of: IngestResult.self) { group in
                    for copy in 0..<16 {
                        let store = copy % 2 == 0 ? a : b
                        group.addTask {
                            try await store.ingest(event, id: "e_\(name)\(copy)", receivedAt: Self.t0, replies: nil)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.filter { !$0.duplicate }.count == 1)
                #expect(Set(results.map(\.eventID)).count == 1)
            }
            #expect(try await a.events(matching: EventFilter()).total == 2)
            #expect(try await b.events(matching: EventFilter()).total == 2)
        }
    }

    @Test func claimsFromBothInstancesNeverHaveOneConversationInFlightTwice() async throws {
        try await Self.withTwoInstances { a, b in
            let conversations = ["c1", "c2", "c3", "c4"]
            var order: [String: [String]] = [:]
            for round in 0..<5 {
                for conversation in conversations {
                    let store = round % 2 == 0 ? a : b
                    let message = try await store.enqueueOne(provider: .botadmin, account: "shop",
                                                             conversation: conversation, now: Self.t0)
                    order[conversation, default: []].append(message.id)
                }
            }
            var started: [String: [String]] = [:]
            var now = Self.t0 + 1
            for _ in 0..<40 {
                // Both instances look and start at the same moment.
                let rounds = try await withThrowingTaskGroup(of: (PostgresStore, [OutboxMessage]).self) { group in
                    for store in [a, b] {
                        group.addTask { [now] in
                            let due = try await store.claimDue(now: now, limit: 10)
                            let starts = due.compactMap(\.messages.first).map { ($0.id, ["s-\(UUID().uuidString)"]) }
                            let results = try await store.startAttempts(starts, now: now)
                            return (store, results.compactMap { try? $0.get() })
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let inFlight = try await a.list(filter: MessageFilter(state: .sending), limit: 100, offset: 0).items
                #expect(Dictionary(grouping: inFlight, by: \.conversation).values.allSatisfy { $0.count == 1 })
                for (store, messages) in rounds {
                    for message in messages {
                        started[message.conversation, default: []].append(message.id)
                        _ = try await store.recordAnswer(messageID: message.id, event: .sent(providerIDs: [nil]), now: now)
                    }
                }
                now += 1
                if started.values.map(\.count).reduce(0, +) == 20 { break }
            }
            // Asked outright, an instance refuses a message whose older sibling is in flight on the other.
            let first = try await a.enqueueOne(provider: .botadmin, account: "shop", conversation: "c9", now: now)
            let second = try await a.enqueueOne(provider: .botadmin, account: "shop", conversation: "c9", now: now)
            _ = try await a.startAttempt(messageID: first.id, apiSendIDs: ["s-first"], now: now)
            await #expect(throws: OutboxError.lineHeld(messageID: second.id)) {
                try await b.startAttempt(messageID: second.id, apiSendIDs: ["s-second"], now: now)
            }
            _ = try await a.recordAnswer(messageID: first.id, event: .sent(providerIDs: [nil]), now: now)
            // Each message started once, in creation order within its conversation.
            #expect(started == order)
            #expect(try await a.count(state: .sent) == 21)
        }
    }

    @Test func aLeaseThatRanOutIsRecoveredByTheOtherInstanceAndTheLateAnswerChangesNothing() async throws {
        try await Self.withTwoInstances { a, b in
            let message = try await a.enqueueOne(now: Self.t0)
            _ = try await a.startAttempt(messageID: message.id, apiSendIDs: ["s-1"], now: Self.t0 + 1)
            // While `a` renews its lease, `b` leaves the send alone, at start-up or in its timer pass.
            #expect(try await b.recoverAfterRestart(now: Self.t0 + 10) == 0)
            #expect(try await a.tick(now: Self.t0 + 25) == 0)  // renewed until t0 + 55
            #expect(try await b.tick(now: Self.t0 + 40) == 0)
            #expect(try await b.detail(message.id).message.state == .sending)
            // `a` stops renewing (it died); once its lease has run out `b` takes the message over.
            #expect(try await b.tick(now: Self.t0 + 56) == 1)
            let detail = try await b.detail(message.id)
            #expect(detail.message.state == .queued)
            #expect(detail.timeline.last == TimelineEntry(time: Self.t0 + 56, from: .sending, to: .queued,
                                                          cause: "recovered after lease expired"))
            #expect(detail.attempts.map(\.outcome) == [.interrupted])
            // A late answer from the instance that lost the lease is refused once `b` sends again.
            _ = try await b.startAttempt(messageID: message.id, apiSendIDs: ["s-2"], now: Self.t0 + 57)
            await #expect(throws: OutboxError.leaseLost(messageID: message.id)) {
                try await a.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["p-1"]), now: Self.t0 + 58)
            }
            let answered = try await b.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["p-2"]),
                                                    now: Self.t0 + 58)
            #expect(answered.state == .accepted && answered.attemptCount == 2)
        }
    }

    @Test func timersFireOnceWhenBothInstancesTick() async throws {
        try await Self.withTwoInstances { a, b in
            var ids: [String] = []
            for index in 0..<30 {
                let message = try await a.enqueueOne(conversation: "c\(index)", now: Self.t0)
                _ = try await a.startAttempt(messageID: message.id, apiSendIDs: ["s\(index)"], now: Self.t0 + 1)
                _ = try await a.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["p\(index)"]),
                                             now: Self.t0 + 2)
                try await b.ingestCallback(.receipt, apiSendID: "s\(index)", now: Self.t0 + 3)
                ids.append(message.id)
            }
            let fired = try await withThrowingTaskGroup(of: Int.self) { group in
                for store in [a, b, a, b] {
                    group.addTask { try await store.tick(now: Self.t0 + 100, limit: 7) }
                }
                return try await group.reduce(0, +)
            }
            let more = try await a.tick(now: Self.t0 + 100) + b.tick(now: Self.t0 + 100)
            #expect(fired + more == 30)
            for id in ids {
                let timeline = try await b.detail(id).timeline
                #expect(timeline.filter { $0.to == .delivered }.count == 1)
            }
            #expect(try await a.count(state: .delivered) == 30)
        }
    }

    @Test func aCallbackAndItsAttemptCommittedOnTwoInstancesAtOnceAreMatched() async throws {
        try await Self.withTwoInstances { a, b in
            for index in 0..<10 {
                let message = try await a.enqueueOne(conversation: "c\(index)", now: Self.t0)
                async let started = a.startAttempt(messageID: message.id, apiSendIDs: ["s\(index)"], now: Self.t0 + 1)
                async let echoed = b.ingestCallback(.receipt, apiSendID: "s\(index)", now: Self.t0 + 1)
                _ = try await (started, echoed)
                // Whichever committed first, the echo belongs to the attempt.
                let detail = try await a.detail(message.id)
                #expect(detail.attempts.first?.items.first?.hasEchoed == true, "message \(index)")
            }
        }
    }

    @Test func wakeupsReachTheOtherInstance() async throws {
        try await Self.withTwoInstances { a, b in
            var wakeups = b.wakeups().makeAsyncIterator()
            // The first wake-up comes as it starts listening; then `a`'s queued message.
            #expect(await wakeups.next() == .outbox)
            _ = await wakeups.next()
            _ = try await a.enqueueOne(now: Self.t0)
            #expect(await wakeups.next() == .outbox)
        }
    }

    @Test func instancesStartingTogetherMigrateOnceAndANewerSchemaIsRefused() async throws {
        let database = try TestPostgres.database()
        defer { database.drop() }
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 {
                group.addTask { try PostgresStore.open(url: database.url, dedupeWindow: 300, connections: 1) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for store in stores { await store.close() }
        let admin = try PostgresConnection.connect(database.url)
        defer { admin.close() }
        try admin.query("UPDATE wxhook_schema SET version = version + 1")
        #expect {
            try PostgresStore.open(url: database.url, dedupeWindow: 300)
        } throws: { error in
            (error as? PostgresStoreError).map { "\($0)".contains("newer than this wxhook knows") } ?? false
        }
    }
}
