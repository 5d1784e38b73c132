import Foundation
import PostgreSQL
import ServiceHarness
import Synchronization
import Testing
import TestSupport

/// Three `wxhook serve` on one PostgreSQL database, `wxhook sim` as every provider, clients posting
/// bot-admin webhooks round-robin over the instances (each webhook's redelivery to another
/// instance than its first post), 40 % of them holding a rule's keyword; one instance is SIGKILLed
/// while sends are in flight. Then, through the public API of the survivors:
///  1. every webhook answered 200 is stored exactly once, under the id it was answered with,
///     whichever instance is asked;
///  2. every stored webhook with the keyword has exactly one reply in the outbox, others none;
///  3. every message becomes final (the killed instance's sends recovered by the others once their
///     `lease_s` ran out, as attempts whose timeline says `recovered after lease expired`).
///
/// Trials: `WXHOOK_INSTANCES_TRIALS` (default 1); the full run is
///     WXHOOK_INSTANCES_TRIALS=20 swift test --filter SeveralInstancesEndToEnd
@Suite(.postgres) struct SeveralInstancesEndToEndTests {
    static var trials: Int { ProcessInfo.processInfo.environment["WXHOOK_INSTANCES_TRIALS"].flatMap { Int($0) } ?? 1 }
    static let keyword = "价格"
    static let rules = """
        {"rules": [{"name": "price", "keywords": ["\(keyword)"], "scope": {"providers": ["botadmin"]},
                    "reply": {"mode": "all", "messages": [{"type": "text", "text": "回复 {{text}}"}]}}]}
        """
    static let environment: [String: String?] = ["WXHOOK_LOG": "info", "WXHOOK_CONFIG": nil, "WXHOOK_LISTEN": nil,
                                                 "WXHOOK_DB": nil, "WXHOOK_RULES": nil, "WXHOOK_ADMIN_TOKEN": nil]

    static func body(trial: Int, n: Int) -> String {
        let text = n % 5 < 2 ? "\(keyword) t\(trial)n\(n)" : "hello t\(trial)n\(n)"
        return #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":"t\#(trial)n\#(n)","sender":"u-\#(n)","text":{"content":"\#(text)"}}"#
    }

    @Test func threeInstancesOneKilledLoseNothingAndReplyOnce() async throws {
        var recoveredTotal = 0, killsWithSendsInFlight = 0
        for trial in 0..<Self.trials {
            let (url, drop) = try TestPostgres.database()
            defer { drop() }
            let settings = TestSettings.endToEnd {
                $0.host = .process
                $0.accounts = [.shop]
                $0.databasePath = url.connectionString
                $0.leaseS = 2
                $0.dedupeWindowS = 86_400
                $0.rules = ["price.json": Self.rules]
                $0.load = .whole
            }
            try await TestService.with(settings) { first in
                // Every send stays on the wire a while: an instance killed mid-run has some in flight.
                try await first.faults(["answer_delay_ms": 800])
                var others: [WxhookProcess] = []
                for _ in 0..<2 {
                    others.append(try await WxhookProcess.start(["serve", "--listen", "127.0.0.1:0"], directory: first.directory.path,
                                                                environment: Self.environment))
                }
                defer { for other in others where other.isRunning { other.kill(SIGKILL) } }
                let clients = [first.client] + others.map(\.client)
                let victim = others[0]
                let hashes = try await clients.asyncMap { try await $0.get("/health").json["rules_hash"]?.stringValue ?? "" }
                #expect(Set(hashes).count == 1, "instances run different rules: \(hashes)")

                let acknowledged = Acknowledgements()
                // Eight clients; client c posts webhook n to instance (n + c) % 3, then its redelivery to the next one.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in 0..<8 {
                        group.addTask {
                            for step in 0..<30 {
                                let n = client * 1000 + step
                                for hop in 0..<2 {
                                    let target = clients[(n + client + hop) % clients.count]
                                    guard let answer = try? await target.post("/hooks/botadmin/shop", body: Self.body(trial: trial, n: n))
                                    else { continue }   // the killed instance: the provider tries again elsewhere
                                    if answer.status == 200, let id = answer.json["event_id"]?.stringValue {
                                        acknowledged.record(n, id)
                                    }
                                }
                            }
                        }
                    }
                    // Kill one instance once it has sends of its own on the wire (the leases it holds,
                    // read from the database), or after 8 s.
                    let name = try await victim.client.get("/health").json["instance"]?.stringValue ?? ""
                    group.addTask {
                        let database = try PostgresConnection.connect(url)
                        defer { database.close() }
                        let deadline = Date().addingTimeInterval(8)
                        while Date() < deadline {
                            let held = try database.query(
                                "SELECT count(*) FROM messages WHERE state = 'sending' AND lease_owner = $1", [.text(name)])
                            if (held.first?.int(0) ?? 0) >= 2 { break }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        victim.kill(SIGKILL)
                    }
                    try await group.waitForAll()
                }
                let survivors = [first.client, others[1].client]

                // 1. Stored once, under its id, whichever survivor is asked.
                let stored = acknowledged.all
                #expect(!stored.isEmpty)
                for (n, id) in stored {
                    let again = try await survivors[n % 2].post("/hooks/botadmin/shop", body: Self.body(trial: trial, n: n))
                    #expect(again.status == 200 && again.json["duplicate"]?.boolValue == true
                            && again.json["event_id"]?.stringValue == id, "webhook \(n) answered 200 as \(id): \(again.text)")
                }
                // 3. Everything final, recovered by the survivors after the lease.
                let deadline = Date().addingTimeInterval(60)
                var depth = try await first.queueDepth()
                while depth.queued + depth.sending + depth.awaitingReceipt > 0, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    depth = try await first.queueDepth()
                }
                #expect(depth.queued + depth.sending + depth.awaitingReceipt == 0, "not final after 60 s: \(depth)")
                // 2. One reply per stored webhook with the keyword, none for the others.
                var recovered = 0
                for (n, _) in stored {
                    let list = try await first.client.get("/api/messages?conversation=t\(trial)n\(n)&limit=10")
                    let ids = list.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                    #expect(ids.count == (n % 5 < 2 ? 1 : 0), "webhook \(n): \(ids.count) replies: \(list.text)")
                    for id in ids {
                        let message = try await first.message(id)
                        #expect(message.isFinal, "\(message.story)")
                        if message.timeline?.contains(where: { $0.cause.contains("recovered after lease expired") }) == true {
                            recovered += 1
                        }
                    }
                }
                recoveredTotal += recovered
                if recovered > 0 { killsWithSendsInFlight += 1 }
                print("several instances: trial \(trial): \(stored.count) webhooks stored, \(recovered) sends recovered after the lease")
                for other in others where other.isRunning { _ = await other.stop() }
            }
        }
        print("several instances: \(Self.trials) trials, \(killsWithSendsInFlight) kills caught sends in flight, \(recoveredTotal) recovered")
        // The kills must have caught sends in flight: else the trials prove nothing about leases.
        #expect(killsWithSendsInFlight > 0, "no kill caught a send in flight")
    }
}

/// Webhooks answered 200, by number, from the posting tasks.
private final class Acknowledgements: Sendable {
    private let ids = Mutex<[Int: String]>([:])
    func record(_ n: Int, _ id: String) { ids.withLock { $0[n] = id } }
    var all: [Int: String] { ids.withLock { $0 } }
}

extension Array where Element: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
