import Configuration
import Core
import Foundation
import Testing

@Suite struct DefaultsTests {
    @Test func defaultsAreTheContractValues() throws {
        let configuration = try makeLoader().load()
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(configuration.databasePath == "data/wxhook.sqlite")
        #expect(configuration.rulesPath == "Rules")
        #expect(!configuration.rulesPathIsExplicit)
        #expect(configuration.adminToken == nil)
        #expect(configuration.limits == Configuration.Limits(maxBodyBytes: 1_048_576, headerTimeoutMs: 10_000,
                                                             idleTimeoutMs: 60_000))
        #expect(configuration.delivery == Configuration.Delivery(confirmAfterS: 60, expireAfterS: 900, maxAttempts: 5,
                                                                 retryBaseMs: 1000, sendTimeoutMs: 10_000))
        #expect(configuration.pacing.perAccountPerMinute == 60)
        #expect(configuration.dedupeWindowS == 10)
        #expect(configuration.durability == .full)
        #expect(configuration.retention == Configuration.Retention(eventsDays: 30, messagesDays: 90, forwardsDays: 30))
        #expect(configuration.timezone == TimeZone.current)
        #expect(configuration.accounts.isEmpty)
        #expect(configuration.secrets.isEmpty)
        #expect(configuration == Configuration())
    }

    @Test func theContractExampleParses() throws {
        let configuration = try makeLoader(files: ["wxhook.json": contractExample], directories: ["Rules"]).load()
        #expect(configuration.listen.description == "127.0.0.1:8080")
        #expect(configuration.rulesPath == "Rules")
        #expect(configuration.rulesPathIsExplicit)
        #expect(configuration.adminToken?.revealed == Secrets.admin)
        #expect(configuration.timezone.identifier == "Asia/Shanghai")
        #expect(configuration.accounts.map(\.provider) == [.botadmin, .yunzhenji, .gowechat, .wecom])
        #expect(configuration.accounts.map(\.name) == ["shop", "sales", "home", "ops"])

        let shop = try #require(configuration.account(provider: .botadmin, name: "shop"))
        #expect(shop.credentials == .botadmin(secret: Secret(Secrets.botadmin)))
        #expect(shop.secret?.revealed == Secrets.botadmin)
        #expect(shop.baseURL == "https://bot-admin.minapp.xin")
        #expect(shop.selfIDs == ["wxid_self"])
        #expect(shop.mentionNames == ["小助手"])

        let sales = try #require(configuration.account(provider: .yunzhenji, name: "sales"))
        #expect(sales.appID == "app-42")
        #expect(sales.accessToken?.revealed == Secrets.accessToken)
        #expect(sales.wxid == "16001")
        #expect(sales.callbackToken?.revealed == Secrets.callbackToken)
        #expect(sales.secret == nil)

        #expect(configuration.account(provider: .gowechat, name: "home")?.token?.revealed == Secrets.gowechat)
        #expect(configuration.account(provider: .wecom, name: "ops")?.key?.revealed == Secrets.wecom)
        #expect(configuration.account(provider: .botadmin, name: "ops") == nil)
        #expect(Set(configuration.secrets) == Set(Secrets.all))
    }

    @Test func everySettingIsRead() throws {
        let file = """
        {"listen": "[::1]:9000", "database": "/var/lib/wxhook/db.sqlite", "rules": "/etc/wxhook/rules",
         "limits": {"max_body_bytes": 2048, "header_timeout_ms": 500, "idle_timeout_ms": 700},
         "delivery": {"confirm_after_s": 0, "expire_after_s": 5, "max_attempts": 2, "retry_base_ms": 10,
                      "send_timeout_ms": 300},
         "pacing": {"per_account_per_minute": 1000}, "dedupe_window_s": 0, "durability": "process",
         "timezone": "Europe/Berlin"}
        """
        let configuration = try makeLoader(files: ["wxhook.json": file], directories: ["/etc/wxhook/rules"]).load()
        #expect(configuration.listen == ListenAddress(host: "::1", port: 9000))
        #expect(configuration.databasePath == "/var/lib/wxhook/db.sqlite")
        #expect(configuration.rulesPath == "/etc/wxhook/rules")
        #expect(configuration.limits == Configuration.Limits(maxBodyBytes: 2048, headerTimeoutMs: 500, idleTimeoutMs: 700))
        #expect(configuration.delivery == Configuration.Delivery(confirmAfterS: 0, expireAfterS: 5, maxAttempts: 2,
                                                                 retryBaseMs: 10, sendTimeoutMs: 300))
        #expect(configuration.pacing.perAccountPerMinute == 1000)
        #expect(configuration.dedupeWindowS == 0)
        #expect(configuration.durability == .process)
        #expect(configuration.timezone.identifier == "Europe/Berlin")
    }

    @Test func accountDefaultsAndNormalization() throws {
        let file = """
        {"accounts": [
          {"provider": "wecom", "name": "ops", "key": "k-1234567"},
          {"provider": "gowechat", "name": "home", "token": "t-1234567", "base_url": "http://10.0.0.2:10614//"},
          {"provider": "yunzhenji", "name": "sales", "app_id": 42, "access_token": "a-1234567", "wxid": 16001}
        ]}
        """
        let configuration = try makeLoader(files: ["wxhook.json": file]).load()
        let ops = try #require(configuration.account(provider: .wecom, name: "ops"))
        #expect(ops.baseURL == "https://qyapi.weixin.qq.com")
        #expect(ops.selfIDs.isEmpty && ops.mentionNames.isEmpty)
        #expect(configuration.account(provider: .gowechat, name: "home")?.baseURL == "http://10.0.0.2:10614")
        let sales = try #require(configuration.account(provider: .yunzhenji, name: "sales"))
        #expect(sales.appID == "42")
        #expect(sales.wxid == "16001")
        #expect(sales.callbackToken == nil)
        #expect(sales.baseURL == Account.defaultBaseURL(for: .yunzhenji))
    }

    @Test func nullMeansNotSet() throws {
        let file = #"{"admin_token": null, "timezone": null, "limits": {"max_body_bytes": null}}"#
        let configuration = try makeLoader(files: ["wxhook.json": file]).load()
        #expect(configuration.adminToken == nil)
        #expect(configuration.limits.maxBodyBytes == 1_048_576)
    }

    @Test func theSameNameUnderTwoProvidersIsFine() throws {
        let file = """
        {"accounts": [{"provider": "wecom", "name": "ops", "key": "k-1234567"},
                      {"provider": "gowechat", "name": "ops", "token": "t-1234567"}]}
        """
        let configuration = try makeLoader(files: ["wxhook.json": file]).load()
        #expect(configuration.accounts.count == 2)
        #expect(configuration.account(provider: .gowechat, name: "ops")?.provider == .gowechat)
    }

    @Test func versionIsSemantic() {
        let parts = wxhookVersion.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }
}
