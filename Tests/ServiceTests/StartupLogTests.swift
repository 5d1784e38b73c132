import Foundation
import ServiceHarness
import Testing
import TestSupport

/// What `serve` logs at start (docs/operations.md, "The service"): every account with its webhook
/// path, the rules with their real counts, the database, warnings for risky settings — and no
/// query string in any access line.
@Suite struct StartupLogTests {
    static let rules = [
        "a.json": """
            {"rules": [
              {"name": "price", "keywords": ["价格"], "reply": {"mode": "all", "messages": [{"type": "text", "text": "99"}]}},
              {"name": "hours", "keywords": ["几点"], "reply": {"mode": "all", "messages": [{"type": "text", "text": "9-18"}]}}
             ],
             "default": {"mode": "all", "messages": [{"type": "text", "text": "收到"}]}}
            """,
        "b.json": """
            {"rules": [
              {"name": "address", "keywords": ["地址"], "reply": {"mode": "all", "messages": [{"type": "text", "text": "here"}]}}
             ]}
            """,
    ]

    static func lines(_ log: String) -> [Substring] { log.split(separator: "\n") }

    @Test func everyAccountTheRulesAndTheDatabaseThenWarnings() async throws {
        let settings = TestSettings {
            $0.accounts = TestAccount.all
            $0.rules = Self.rules
            $0.adminToken = "short-token"
        }
        try await TestService.with(settings) { serve in
            let log = serve.serviceLog
            let lines = Self.lines(log)
            for (provider, name, webhook) in [("botadmin", "shop", "/hooks/botadmin/shop"),
                                              ("yunzhenji", "sales", "/hooks/yunzhenji/sales"),
                                              ("yunzhenji", "open", "/hooks/yunzhenji/open"),
                                              ("gowechat", "home", "\"none (send only)\""),
                                              ("wecom", "ops", "\"none (send only)\"")] {
                #expect(lines.contains { $0.hasSuffix("level=info msg=\"account\" provider=\(provider) name=\(name) webhook=\(webhook)") },
                        "no start line for \(provider)/\(name) in\n\(log)")
            }
            #expect(log.contains("level=info msg=\"rules loaded: 3 rules, 2 files, default reply on\" folder=\(serve.rulesPath)\n"), "\(log)")
            #expect(log.contains("level=info msg=\"database\" engine=sqlite path=\(serve.databasePath)\n"), "\(log)")

            let warnings = lines.filter { $0.contains("level=warn") }
            // `open` has no callback_token; `sales` has one.
            #expect(warnings.filter { $0.contains("without callback_token") }.map { $0.hasSuffix(" name=open") } == [true],
                    "\(warnings)")
            #expect(warnings.filter { $0.contains("admin_token is shorter than 16 characters") }.count == 1, "\(warnings)")
            #expect(!warnings.contains { $0.contains("loopback") }, "127.0.0.1 is loopback: \(warnings)")
            #expect(!log.contains("short-token"))
        }
    }

    @Test func aPublicListenIsWarnedAboutOnceAndQueriesNeverReachTheAccessLog() async throws {
        let log = try await LoadLimit.run {
            let directory = try TemporaryDirectory("wxhook-public-listen")
            defer { directory.remove() }
            let process = try await WxhookProcess.start(
                ["serve", "--listen", "0.0.0.0:0", "--db", directory.file("data/wxhook.sqlite")], directory: directory.path,
                environment: ["WXHOOK_ADMIN_TOKEN": "a-long-enough-admin-token-0123456789", "WXHOOK_CONFIG": nil,
                              "WXHOOK_DB": nil, "WXHOOK_RULES": nil, "WXHOOK_LISTEN": nil, "WXHOOK_LOG": "info"])
            let answer = try await process.client.post("/hooks/yunzhenji/nobody?token=guessed-query-token&x=1", body: "{}")
            #expect(answer.status != 200)
            _ = await process.stop()
            return process.stderr
        }
        let warnings = Self.lines(log).filter { $0.contains("level=warn") }
        #expect(warnings.count == 1 && warnings.first?.contains("listening beyond loopback") == true
                && warnings.first?.contains("listen=0.0.0.0:0") == true, "\(warnings)")
        #expect(log.contains("no rules folder; running without rules"), "\(log)")
        #expect(log.contains("path=/hooks/yunzhenji/nobody status="), "\(log)")
        #expect(!log.contains("guessed-query-token") && !log.contains("x=1"), "\(log)")
    }
}
