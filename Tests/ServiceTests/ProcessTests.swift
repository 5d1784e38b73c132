import Foundation
import Synchronization
import Testing

/// The real binary: start, stop, crash, restart (contract.md, Command line; issue: durable ingest).
@Suite struct ProcessTests {
    static let secret = "s3cret-proc"

    static func writeConfig(in directory: TemporaryDirectory, extra: String = "") throws {
        let config = """
            { "dedupe_window_s": 600 \(extra),
              "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9", "secret": "\(secret)" } ] }
            """
        try config.write(toFile: directory.file("wxhook.json"), atomically: true, encoding: .utf8)
    }

    static func body(_ n: Int) -> String {
        #"{"secret":"\#(secret)","msgtype":"text","conversation_id":"c-\#(n % 7)","sender":"u-\#(n)","text":{"content":"message \#(n)"}}"#
    }

    @Test func everyWebhookAnswered200SurvivesSIGKILL() async throws {
        let directory = try TemporaryDirectory("wxhook-kill")
        defer { directory.remove() }
        try Self.writeConfig(in: directory)
        let serve = try await ServeProcess.start(arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory.path)

        // Eight clients post distinct webhooks; the process is killed while they are at it.
        let acknowledged = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    for n in stride(from: client, to: 4000, by: 8) {
                        guard let answer = try? await serve.client.post("/hooks/botadmin/shop", body: Self.body(n)),
                              answer.status == 200, let id = answer.json["event_id"] as? String else { return }
                        if acknowledged.record(n, id) == 300 { serve.kill(SIGKILL) }
                    }
                }
            }
        }
        #expect(await serve.waitForExit() == SIGKILL)   // killed, not exited
        let answered = acknowledged.all
        #expect(answered.count >= 300)

        // Restart on the same database: every acknowledged webhook is there, exactly once — its
        // redelivery is recognised as a duplicate of the very event that was acknowledged.
        let restarted = try await ServeProcess.start(arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory.path)
        defer { restarted.kill(SIGKILL) }
        for (n, id) in answered {
            let again = try await restarted.client.post("/hooks/botadmin/shop", body: Self.body(n))
            #expect(again.status == 200)
            #expect(again.json["duplicate"] as? Bool == true, "webhook \(n) acknowledged as \(id) was lost")
            #expect(again.json["event_id"] as? String == id)
        }
    }

    @Test func sigtermDrainsAndExitsZero() async throws {
        let directory = try TemporaryDirectory("wxhook-term")
        defer { directory.remove() }
        try Self.writeConfig(in: directory)
        let serve = try await ServeProcess.start(arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory.path)
        let answer = try await serve.client.post("/hooks/botadmin/shop", body: Self.body(1))
        #expect(answer.status == 200)
        serve.kill(SIGTERM)
        #expect(await serve.waitForExit() == 0)
        #expect(serve.stderr.contains("msg=\"stopped\""))
        // Every request was logged, with the contract's fields, and no secret.
        #expect(serve.stderr.contains("method=POST path=/hooks/botadmin/shop status=200 duration_ms="))
        #expect(!serve.stderr.contains(Self.secret))
    }

    @Test func badConfigurationExitsOneWithOneLinePerProblem() async throws {
        let directory = try TemporaryDirectory("wxhook-badconf")
        defer { directory.remove() }
        try #"{ "listen": "nowhere", "accounts": [ { "provider": "botadmin", "name": "shop" } ] }"#
            .write(toFile: directory.file("wxhook.json"), atomically: true, encoding: .utf8)
        let result = try await runWxhook(["serve"], directory: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("listen"))
        #expect(result.stderr.contains("secret"))
        #expect(result.stderr.split(separator: "\n").count >= 2)
    }

    @Test func usageErrorsAndVersion() async throws {
        let directory = try TemporaryDirectory("wxhook-usage")
        defer { directory.remove() }
        let unknown = try await runWxhook(["serve", "--no-such-flag"], directory: directory.path)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("--no-such-flag"))
        let version = try await runWxhook(["--version"], directory: directory.path)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func publicListenWithoutAdminTokenIsRefused() async throws {
        let directory = try TemporaryDirectory("wxhook-public")
        defer { directory.remove() }
        let result = try await runWxhook(["serve", "--listen", "0.0.0.0:0"], directory: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("admin_token"))
    }

    @Test func healthReportsVersionAndAccounts() async throws {
        let directory = try TemporaryDirectory("wxhook-health")
        defer { directory.remove() }
        try Self.writeConfig(in: directory)
        let serve = try await ServeProcess.start(arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory.path)
        defer { serve.kill(SIGKILL) }
        let health = try await serve.client.get("/health")
        #expect(health.status == 200)
        #expect(health.json["status"] as? String == "ok")
        #expect(health.json["database"] as? String == "ok")
        #expect(health.json["accounts"] as? Int == 1)
        let version = try await runWxhook(["--version"], directory: directory.path)
        #expect(version.stdout.contains(health.json["version"] as? String ?? "?"))
    }
}

/// Webhooks answered 200, by number, shared by the posting tasks.
final class Acknowledged: Sendable {
    private let ids = Mutex<[Int: String]>([:])
    /// Records one answer; returns how many there are now.
    func record(_ n: Int, _ id: String) -> Int { ids.withLock { $0[n] = id; return $0.count } }
    var all: [Int: String] { ids.withLock { $0 } }
}
