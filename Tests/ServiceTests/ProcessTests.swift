import Foundation
import ServiceHarness
import Synchronization
import Testing

/// The real binary: start, stop, crash, restart (docs/configuration.md; README, "What a 200
/// guarantees").
@Suite struct ProcessTests {
    /// The real binary with one botadmin account; `./wxhook.json` is found in its working directory.
    static let settings = TestSettings {
        $0.host = .process
        $0.accounts = [.shop]
        $0.dedupeWindowS = 600
    }

    static func body(_ n: Int) -> String {
        #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":"c-\#(n % 7)","sender":"u-\#(n)","text":{"content":"message \#(n)"}}"#
    }

    @Test func everyWebhookAnswered200SurvivesSIGKILL() async throws {
        try await TestService.with(Self.settings) { serve in
            let process = serve.process

            // Eight clients post distinct webhooks; the process is killed while they are at it.
            let acknowledged = Acknowledged()
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<8 {
                    group.addTask {
                        for n in stride(from: client, to: 4000, by: 8) {
                            guard let answer = try? await serve.client.post("/hooks/botadmin/shop", body: Self.body(n)),
                                  answer.status == 200, let id = answer.json["event_id"]?.stringValue else { return }
                            if acknowledged.record(n, id) == 300 { process.kill(SIGKILL) }
                        }
                    }
                }
            }
            #expect(await serve.stopService(SIGKILL) == SIGKILL)   // killed, not exited
            let answered = acknowledged.all
            #expect(answered.count >= 300)

            // Restart on the same database: every acknowledged webhook is there, exactly once — its
            // redelivery is recognised as a duplicate of the very event that was acknowledged.
            try await serve.startService()
            for (n, id) in answered {
                let again = try await serve.client.post("/hooks/botadmin/shop", body: Self.body(n))
                #expect(again.status == 200)
                #expect(again.json["duplicate"]?.boolValue == true, "webhook \(n) acknowledged as \(id) was lost")
                #expect(again.json["event_id"]?.stringValue == id)
            }
        }
    }

    @Test func sigtermDrainsAndExitsZero() async throws {
        try await TestService.with(Self.settings) { serve in
            let answer = try await serve.client.post("/hooks/botadmin/shop", body: Self.body(1))
            #expect(answer.status == 200)
            #expect(await serve.stopService(SIGTERM) == 0)
            #expect(serve.serviceLog.contains("msg=\"stopped\""))
            // Every request was logged, with the contract's fields, and no secret.
            #expect(serve.serviceLog.contains("method=POST path=/hooks/botadmin/shop status=200 duration_ms="))
            #expect(!serve.serviceLog.contains(TestAccount.shopSecret))
        }
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
        try await TestService.with(Self.settings) { serve in
            let health = try await serve.client.get("/health")
            #expect(health.status == 200)
            #expect(health.json["status"]?.stringValue == "ok")
            #expect(health.json["database"]?.stringValue == "ok")
            #expect(health.json["accounts"]?.intValue == 1)
            let version = try await runWxhook(["--version"], directory: serve.directory.path)
            #expect(version.stdout.contains(health.json["version"]?.stringValue ?? "?"))
            // host/pid/random: the binary's own pid.
            let instance = health.json["instance"]?.stringValue?.split(separator: "/") ?? []
            #expect(instance.count == 3 && instance[1] == "\(serve.pid)", "\(health.text)")
            #expect(try await serve.client.get("/health").json["instance"] == health.json["instance"])
        }
    }

    @Test func healthShowsTheSameRulesHashForTheSameRules() async throws {
        let rules = ["greet.json": #"{"rules":[{"name":"hi","keywords":["你好"],"reply":{"messages":[{"type":"text","text":"您好"}]}}]}"#]
        var hashes: [String] = []
        for _ in 0..<2 {
            try await TestService.with(TestSettings { $0.host = .process; $0.rules = rules }) { serve in
                hashes.append(try await serve.client.get("/health").json["rules_hash"]?.stringValue ?? "")
            }
        }
        try await TestService.with(TestSettings { $0.host = .process }) { serve in
            hashes.append(try await serve.client.get("/health").json["rules_hash"]?.stringValue ?? "")
        }
        #expect(hashes[0].count == 16 && hashes[0] == hashes[1], "\(hashes)")
        #expect(hashes[2].count == 16 && hashes[2] != hashes[0], "\(hashes)")
    }
}

/// Webhooks answered 200, by number, shared by the posting tasks.
final class Acknowledged: Sendable {
    private let ids = Mutex<[Int: String]>([:])
    /// Records one answer; returns how many there are now.
    func record(_ n: Int, _ id: String) -> Int { ids.withLock { $0[n] = id; return $0.count } }
    var all: [Int: String] { ids.withLock { $0 } }
}
