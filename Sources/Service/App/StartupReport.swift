import Configuration
import Core
import Logging
import Rules

/// What `serve` says at start, before `listening`: one line per account with the path of its
/// webhook URL, the rules loaded, the database, and a warning for each risky setting. Built from
/// values (pure), logged by `WebhookService.start()`.
struct StartupReport {
    struct Line: Equatable {
        var level: LogLevel
        var message: String
        var fields: [Field]

        struct Field: Equatable {
            var key: String
            var value: String
        }
    }

    /// An `admin_token` shorter than this is guessable.
    static let shortestAdminToken = 16

    static func lines(configuration: Configuration, ruleSet: RuleSet, rulesFolderExists: Bool) -> [Line] {
        var lines: [Line] = []
        for account in configuration.accounts {
            lines.append(Line(level: .info, message: "account", fields: [
                .init(key: "provider", value: account.provider.rawValue), .init(key: "name", value: account.name),
                .init(key: "webhook", value: webhookPath(account) ?? "none (send only)"),
            ]))
        }
        for subscription in configuration.subscriptions {
            lines.append(Line(level: .info, message: "forward", fields: [
                .init(key: "name", value: subscription.name), .init(key: "url", value: Redaction.url(subscription.url)),
            ]))
        }
        if rulesFolderExists {
            let defaultReply = ruleSet.defaultReply != nil ? "on" : "off"
            lines.append(Line(level: .info,
                              message: "rules loaded: \(ruleSet.rules.count) rules, \(ruleSet.files.count) files, default reply \(defaultReply)",
                              fields: [.init(key: "folder", value: configuration.rulesPath)]))
        } else {
            lines.append(Line(level: .info, message: "no rules folder; running without rules",
                              fields: [.init(key: "folder", value: configuration.rulesPath)]))
        }
        lines.append(Line(level: .info, message: "database", fields: [
            .init(key: "engine", value: configuration.database.engine),
            .init(key: configuration.database.engine == "sqlite" ? "path" : "url", value: configuration.database.description),
        ]))
        lines += warnings(configuration)
        return lines
    }

    /// Where the provider posts for this account; nil for providers that only receive sends.
    static func webhookPath(_ account: Account) -> String? {
        switch account.provider {
        case .botadmin, .yunzhenji: "/hooks/\(account.provider.rawValue)/\(account.name)"
        case .gowechat, .wecom: nil
        }
    }

    static func warnings(_ configuration: Configuration) -> [Line] {
        var lines: [Line] = []
        for account in configuration.accounts where account.provider == .yunzhenji && account.callbackToken == nil {
            lines.append(Line(level: .warn,
                              message: "yunzhenji account without callback_token: anyone who learns its webhook URL can post events to it",
                              fields: [.init(key: "name", value: account.name)]))
        }
        if let token = configuration.adminToken, token.revealed.count < shortestAdminToken {
            lines.append(Line(level: .warn,
                              message: "admin_token is shorter than \(shortestAdminToken) characters: use a long random one",
                              fields: []))
        }
        if !configuration.listen.isLoopback {
            lines.append(Line(level: .warn,
                              message: "listening beyond loopback: wxhook speaks plain HTTP, put TLS (a reverse proxy) in front",
                              fields: [.init(key: "listen", value: configuration.listen.description)]))
        }
        return lines
    }
}

extension Logger {
    func log(_ line: StartupReport.Line) {
        log(line.level, line.message, line.fields.map { ($0.key, $0.value) })
    }
}
