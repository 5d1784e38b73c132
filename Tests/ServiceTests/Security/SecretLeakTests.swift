import Foundation
import ServiceHarness
import Testing

/// SECURITY.md, "Secrets": the real `wxhook serve` at debug log level, with a secret configured for
/// every provider and the admin API, driven through every surface — good and refused webhooks and
/// callbacks, admin calls with no, wrong and right tokens, sends that fail at the provider
/// (wrong token, 500, errcode), the dashboard, metrics, a clean stop, and a start refused for bad
/// configuration. Every answer (status line, headers, body) and every line it logged is searched
/// for every configured secret.
@Suite struct SecretLeakTests {
    static let adminToken = "admin-token-leakcheck-7f3a"
    static var secrets: [String] {
        [adminToken, TestAccount.shopSecret, TestAccount.salesToken, TestAccount.callbackToken,
         TestAccount.goToken, TestAccount.wecomKey]
    }

    @Test func noConfiguredSecretAppearsInAnyAnswerOrLogLine() async throws {
        var settings = TestSettings.endToEnd()
        settings.adminToken = Self.adminToken
        settings.logLevel = "debug"
        // The simulator expects another gowechat token: the service's sends there are refused 401.
        settings.simulatorGoToken = "not-the-service-token"
        settings.maxAttempts = 2
        settings.host = .process
        settings.seed = 5
        try await TestService.with(settings) { stack in
            try await stack.faults(["fail_rate": 0.3, "http_500_next": 1, "errcode_next": 1])
            var answers: [(String, WebClient.Answer)] = []
            let api = stack.client
            let anonymous = WebClient(base: api.base)
            let wrongToken = WebClient(base: api.base, bearer: "wrong-\(Self.adminToken)")
            func record(_ what: String, _ answer: WebClient.Answer) { answers.append((what, answer)) }

            // Providers: accepted, refused and malformed.
            let webhook = #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":"c-1","sender":"u-1","text":{"content":"hello"}}"#
            record("webhook", try await anonymous.post("/hooks/botadmin/shop", body: webhook))
            record("webhook again", try await anonymous.post("/hooks/botadmin/shop", body: webhook))
            record("webhook bad secret", try await anonymous.post("/hooks/botadmin/shop",
                body: webhook.replacingOccurrences(of: TestAccount.shopSecret, with: "nope")))
            record("webhook bad json", try await anonymous.post("/hooks/botadmin/shop",
                body: #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"#))
            record("webhook wrong type", try await anonymous.post("/hooks/botadmin/shop",
                body: #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":7}"#))
            record("webhook unknown account", try await anonymous.post("/hooks/botadmin/nobody", body: webhook))
            let callback = YunzhenjiIngestTests.chatMsg(msgID: "leak-1")
            record("callback", try await anonymous.post("/hooks/yunzhenji/sales?token=\(TestAccount.callbackToken)",
                                                        body: callback))
            record("callback bad token", try await anonymous.post("/hooks/yunzhenji/sales?token=nope", body: callback))

            // Operators: refused without or with a wrong token, then every read and write.
            record("api no token", try await anonymous.get("/api/messages"))
            record("api wrong token", try await wrongToken.get("/api/messages"))
            record("metrics no token", try await anonymous.get("/metrics"))
            let targets: [SendTarget] = [.sales("7leak"), .shop("c-leak"), .home("wxid_leak"), .ops("ops-leak")]
            let ids = try await stack.send(targets, texts: ["leak check"])
            record("send bad", try await api.post("/api/send", body: #"{"targets":[{"provider":"botadmin","account":"x","conversation":"c"}],"messages":[{"type":"text","text":"t"}]}"#))
            try await stack.waitUntilSettled(timeout: 60)
            for id in ids { record("message \(id)", try await api.get("/api/messages/\(id)")) }
            for path in ["/api/messages", "/api/events", "/api/events?q=hello", "/api/stats", "/api/rules", "/metrics",
                         "/health", "/", "/api/messages/nope", "/api/nothing-here"] {
                record(path, try await api.get(path))
            }
            record("rules test", try await api.post("/api/rules/test", body: #"{"text":"价格","provider":"botadmin","account":"shop"}"#))
            record("rules reload", try await api.post("/api/rules/reload", body: ""))

            // The gowechat send was refused for its token, so at least one error passed through.
            let home = try await stack.message(ids[2])
            #expect(home.state == "failed", "\(home.story)")
            #expect(await stack.stopService(SIGTERM) == 0)

            let log = stack.serviceLog
            #expect(log.contains("msg=\"request\"") && log.contains("msg=\"stopped\""), "the log was not captured whole: \(log)")
            for secret in Self.secrets {
                #expect(!log.contains(secret), "the log contains \(secret)")
                for (what, answer) in answers {
                    let headers = answer.headers.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
                    #expect(!answer.text.contains(secret) && !headers.contains(secret), "\(what) answered with \(secret)")
                }
            }
            #expect(answers.first { $0.0 == "api no token" }?.1.status == 401)
            #expect(answers.first { $0.0 == "api wrong token" }?.1.status == 401)
            #expect(answers.first { $0.0 == "metrics no token" }?.1.status == 401)
            #expect(answers.first { $0.0 == "callback bad token" }?.1.status == 401)
        }
    }

    /// A configuration refused at start names the key, never a value beside it.
    @Test func aRefusedConfigurationNamesKeysNotSecrets() async throws {
        let directory = try TemporaryDirectory("wxhook-leak")
        defer { directory.remove() }
        let config = """
            { "listen": "0.0.0.0:1", "admin_token": "\(Self.adminToken)",
              "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "ftp://x", "secret": "\(TestAccount.shopSecret)" },
                            { "provider": "yunzhenji", "name": "sales", "base_url": "http://x", "app_id": 5,
                              "access_token": "\(TestAccount.salesToken)", "callback_token": ["\(TestAccount.callbackToken)"] },
                            { "provider": "wecom", "name": "ops", "key": { "k": "\(TestAccount.wecomKey)" } } ] }
            """
        try config.write(toFile: directory.file("wxhook.json"), atomically: true, encoding: .utf8)
        let run = try await runWxhook(["serve", "--config", directory.file("wxhook.json")], directory: directory.path,
                                      environment: ["WXHOOK_LOG": "debug"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("wxhook.json"), "\(run.stderr)")
        for secret in Self.secrets {
            #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret), "the refusal shows \(secret): \(run.stderr)")
        }
    }
}
