import Foundation
import PostgreSQL
import ServiceHarness
import Synchronization
import Testing
import TestSupport

/// PostgreSQL restarted (`pg_ctl restart -m fast`) while webhooks keep coming: while it is gone,
/// webhooks are answered 503 and `/health` 503 degraded; `serve` reconnects by itself; every webhook
/// answered 200 is stored, under the id it was answered with. On a cluster of the test's own
/// (`.ci/postgres`), since restarting the shared one would cut every other test off.
@Suite(.postgres) struct PostgresRestartTests {
    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `.ci/postgres` off the test pool: initdb and a restart take seconds, and a blocked pool
    /// thread stalls every other test of the run.
    func cluster(_ arguments: [String]) async throws -> String {
        let run = try await offPool {
            try ChildProcess.run(executable: "/bin/bash", arguments: [Self.repository + "/.ci/postgres"] + arguments)
        }
        let output = String(decoding: run.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard run.status == 0 else {
            throw HarnessFailure(".ci/postgres \(arguments.joined(separator: " ")): \(String(decoding: run.stderr, as: UTF8.self))")
        }
        return output
    }

    @Test func aRestartedServerIs503ThenBackWithNothingAcknowledgedLost() async throws {
        let folder = "/tmp/wxhook-pgr-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            // The last word, whatever happened: a quick stop, run in place (`defer` cannot await).
            _ = try? ChildProcess.run(executable: "/bin/bash", arguments: [Self.repository + "/.ci/postgres", "stop", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
        let server = try PostgresURL(try await cluster(["start", folder]))
        let setup = try PostgresConnection.connect(server)
        try setup.query("CREATE DATABASE wxhook")
        setup.close()
        let url = server.replacingDatabase("wxhook")

        let settings = TestSettings { $0.host = .process; $0.accounts = [.shop]; $0.databasePath = url.connectionString
            $0.dedupeWindowS = 3600 }
        try await TestService.with(settings) { serve in
            let tally = Tally()
            let posting = Task { [tally] in
                    var n = 0
                while !tally.stop.load(ordering: .relaxed) {
                    n += 1
                    let answer = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n))
                    switch answer.status {
                    case 200: tally.acknowledged.withLock { $0[n] = answer.json["event_id"]?.stringValue }
                    case 503: tally.refused.add(1, ordering: .relaxed)
                    default: Issue.record("webhook \(n) answered \(answer.status): \(answer.text)")
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            // Stopped, then started again: what the service sees between is the server gone.
            _ = try await cluster(["stop", folder])
            var degraded = false
            for _ in 0..<50 where !degraded {
                let health = try await serve.client.get("/health")
                degraded = health.status == 503 && health.json["status"]?.stringValue == "degraded"
                if !degraded { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(degraded, "/health never answered 503 degraded while PostgreSQL was down")
            let before = tally.refused.load(ordering: .relaxed)
            for _ in 0..<50 where tally.refused.load(ordering: .relaxed) == before { try await Task.sleep(for: .milliseconds(100)) }
            #expect(tally.refused.load(ordering: .relaxed) > before, "no webhook was answered 503 while PostgreSQL was down")
            _ = try await cluster(["start", folder])
            // Back: webhooks are answered 200 again without restarting serve.
            let countAfterRestart = tally.acknowledged.withLock { $0.count }
            var recovered = false
            for _ in 0..<100 where !recovered {
                try await Task.sleep(for: .milliseconds(100))
                recovered = tally.acknowledged.withLock { $0.count } > countAfterRestart + 5
            }
            tally.stop.store(true, ordering: .relaxed)
            try await posting.value
            #expect(recovered, "serve did not take webhooks again after PostgreSQL came back")
            #expect(try await serve.client.get("/health").status == 200)

            // Every webhook answered 200 is there, under its id.
            for (n, id) in tally.acknowledged.withLock({ $0 }) {
                var again = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n))
                // A 503 asks the provider to try again; it must not stay.
                for _ in 0..<20 where again.status == 503 {
                    try await Task.sleep(for: .milliseconds(250))
                    again = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n))
                }
                #expect(again.json["duplicate"]?.boolValue == true && again.json["event_id"]?.stringValue == id,
                        "webhook \(n), answered 200 as \(id), is missing: \(again.status) \(again.text)")
            }
        }
    }
}

/// What the posting task saw, read by the test as it goes.
private final class Tally: Sendable {
    let acknowledged = Mutex<[Int: String]>([:])
    let refused = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}
