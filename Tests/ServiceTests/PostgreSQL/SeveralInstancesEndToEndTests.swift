import Foundation
import PostgreSQL
import ServiceHarness
import Testing
import TestSupport

/// Three `wxhook serve` on one PostgreSQL database, `wxhook sim` as every provider, a test
/// application subscribed to every event and message state, clients posting bot-admin webhooks
/// round-robin over the instances (each webhook's redelivery to another instance than its first
/// post; a conversation's webhooks one after the other), 40 % of them holding a rule's keyword;
/// one instance is SIGKILLed while sends are in flight. Then, through the public API of the
/// survivors and what the simulator and the application received (the crash trials' checks):
///  1. every webhook answered 200 is stored exactly once, under the id it was answered with,
///     whichever instance is asked;
///  2. every stored webhook with the keyword has exactly one reply in the outbox, others none;
///  3. every message becomes final (the killed instance's sends recovered by the others once their
///     `lease_s` ran out, as attempts whose timeline says `recovered after lease expired`);
///  4. nothing reached the provider twice except a message whose timeline names that recovery,
///     and never more often than it has attempts;
///  5. every stored event reached the application under exactly one webhook-id, answered 2xx at
///     least once, and every final message as `message.<state>` once;
///  6. one conversation's replies reached the provider in the order they were created;
///  7. no instance printed a PostgreSQL NOTICE (the instances after the first meet a migrated
///     schema, which the migrations' `IF NOT EXISTS` answers with one).
/// Per-account pacing across instances: `SeveralInstancesPacingTests`.
///
/// Trials: `WXHOOK_INSTANCES_TRIALS` (default 1); the full run is
///     WXHOOK_INSTANCES_TRIALS=20 swift test --filter SeveralInstancesEndToEnd
@Suite(.postgres) struct SeveralInstancesEndToEndTests {
    static var trials: Int { ProcessInfo.processInfo.environment["WXHOOK_INSTANCES_TRIALS"].flatMap { Int($0) } ?? 1 }
    static let environment: [String: String?] = ["WXHOOK_LOG": "info", "WXHOOK_CONFIG": nil, "WXHOOK_LISTEN": nil,
                                                 "WXHOOK_DB": nil, "WXHOOK_RULES": nil, "WXHOOK_ADMIN_TOKEN": nil]
    static let clients = 8
    static let steps = 30
    static let recovery = "recovered after lease expired"

    /// Client `client`'s webhook at `step`: six steps share a conversation, 40 % hold the keyword.
    static func webhook(trial: Int, client: Int, step: Int) -> CrashRequest {
        let identity = "t\(trial)-c\(client)-s\(step)"
        return CrashWorkload(seed: 0).webhook(identity, conversation: "t\(trial)-c\(client)-g\(step / 6)",
                                              matches: (client * 1000 + step) % 5 < 2)
    }

    @Test func threeInstancesOneKilledLoseNothingAndReplyOnce() async throws {
        var recoveredTotal = 0, killsWithSendsInFlight = 0, violationsTotal = 0
        let started = Date()
        for trial in 0..<Self.trials {
            let (url, drop) = try TestPostgres.database()
            defer { drop() }
            let forwarding = try CrashForwarding()
            forwarding.refuse(trial % 2 == 1)
            let settings = TestSettings.endToEnd {
                $0.host = .process
                $0.accounts = [.shop]
                $0.databasePath = url.connectionString
                $0.leaseS = 2
                $0.dedupeWindowS = 86_400
                $0.rules = ["price.json": CrashWorkload.rules]
                $0.forwardJSON = forwarding.forwardJSON
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

                let ledger = RequestLedger()
                // Client c posts its webhook n to instance (n + c) % 3, then its redelivery to the next one.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in 0..<Self.clients {
                        group.addTask {
                            for step in 0..<Self.steps {
                                let request = Self.webhook(trial: trial, client: client, step: step)
                                ledger.posting(request, trial: trial)
                                for hop in 0..<2 {
                                    let target = clients[(step + client + hop) % clients.count]
                                    do {
                                        ledger.answered(request, try await target.send("POST", request.path, body: request.body,
                                                                                       headers: request.headers))
                                    } catch {
                                        ledger.cutOff(request)   // the killed instance: the provider tries again elsewhere
                                    }
                                }
                            }
                        }
                    }
                    // Kill one instance once it has sends of its own on the wire (the leases it holds,
                    // read from the database): two, or one after 4 s, or none after 30 s. A loaded
                    // machine can take seconds before the victim claims its first send, and a kill
                    // that catches nothing proves nothing about leases.
                    let name = try await victim.client.get("/health").json["instance"]?.stringValue ?? ""
                    group.addTask {
                        let database = try PostgresConnection.connect(url)
                        defer { database.close() }
                        let started = Date()
                        while Date().timeIntervalSince(started) < 30 {
                            let held = try database.query(
                                "SELECT count(*) FROM messages WHERE state = 'sending' AND lease_owner = $1", [.text(name)])
                            let count = held.first?.int(0) ?? 0
                            if count >= 2 || (count >= 1 && Date().timeIntervalSince(started) > 4) { break }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        victim.kill(SIGKILL)
                    }
                    try await group.waitForAll()
                }
                let survivors = [first.client, others[1].client]

                // 1. Stored once, under its id, whichever survivor is asked.
                let entries = Array(ledger.entries.values)
                #expect(entries.contains { $0.id != nil })
                for (index, entry) in entries.enumerated() {
                    guard let id = entry.id else { continue }
                    let request = entry.request
                    let again = try await survivors[index % 2].send("POST", request.path, body: request.body, headers: request.headers)
                    #expect(again.status == 200 && again.json["duplicate"]?.boolValue == true
                            && again.json["event_id"]?.stringValue == id, "\(request.identity) answered 200 as \(id): \(again.text)")
                }
                // 3. Everything final, recovered by the survivors after the lease.
                let deadline = Date().addingTimeInterval(180)
                var depth = try await first.queueDepth()
                while depth.queued + depth.sending + depth.awaitingReceipt > 0, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    depth = try await first.queueDepth()
                }
                #expect(depth.queued + depth.sending + depth.awaitingReceipt == 0, "not final after 180 s: \(depth)")

                let messages = try await first.allOutboxEntries()
                let events = try await first.allEvents("provider=botadmin&account=shop&kind=message")
                var violations = ledger.problems
                violations += CrashInvariants.acknowledgedStoredOnce(entries, events: events, sends: [], scope: { _ in true },
                                                                     when: "trial \(trial)")
                violations += CrashInvariants.repliesMatchRules(events: events, messages: messages)
                violations += CrashInvariants.allFinal(messages)
                violations += try await forwarding.violations(first, messages: messages, drainWithin: 120)

                // 4 and 6, from what the provider received.
                var log = SimLogHarvest()
                try await log.harvest(first, force: true)
                let repeated = Set(CrashInvariants.repeatedSightings(log.sends).keys)
                let details = try await first.details(
                    of: messages.filter { $0.attempts > 1 || repeated.contains($0.sightingKey) }.map(\.id))
                violations += CrashInvariants.nothingSentTwice(
                    log.sends, messages: messages, details: Dictionary(details.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                    recovery: Self.recovery)
                violations += CrashInvariants.conversationsInOrder(log.sends)
                // 7. Only our own log lines.
                for (index, other) in others.enumerated() where other.stderr.contains("NOTICE") {
                    violations.append("instance \(index + 2) printed a PostgreSQL NOTICE: \(other.stderr.prefix(300))")
                }

                let recovered = details.filter { view in (view.timeline ?? []).contains { $0.cause.hasPrefix(Self.recovery) } }
                recoveredTotal += recovered.count
                if !recovered.isEmpty { killsWithSendsInFlight += 1 }
                violationsTotal += violations.count
                print("""
                    several instances: trial \(trial): \(events.count) webhooks stored, \(messages.count) replies, \
                    \(log.sends.count) sends received, \(repeated.count) received twice, \(recovered.count) recovered after the lease, \
                    \(Set(forwarding.receiver.received.map(\.id)).count) forwards; violations: \(violations.count)
                    """)
                for violation in violations.prefix(50) { print("several instances violation: \(violation)") }
                #expect(violations.isEmpty, "trial \(trial): \(violations.prefix(3).joined(separator: "\n"))")
                for other in others where other.isRunning { _ = await other.stop() }
            }
            await forwarding.receiver.stop()
        }
        print("""
            several instances: \(Self.trials) trials in \(Int(Date().timeIntervalSince(started).rounded())) s, \
            \(killsWithSendsInFlight) kills caught sends in flight, \(recoveredTotal) recovered, \(violationsTotal) violations
            """)
        // The kills must have caught sends in flight: else the trials prove nothing about leases.
        #expect(killsWithSendsInFlight > 0, "no kill caught a send in flight")
    }
}

extension Array where Element: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
