import Foundation
import TestSupport

/// What a `TestService` runs with: the config file both the service and `wxhook sim --config`
/// read, and how each is hosted. Every account points at the simulator (or at a closed port when
/// there is none); timers are short enough that every delivery path ends in seconds.
package struct TestSettings: Sendable {
    /// Where the service runs: in this process (a settable clock, internals in reach) or as the
    /// real `wxhook serve` binary (signals, `/proc/PID`, a crash that takes the process down).
    package enum Host: Sendable { case inProcess, process }
    /// Who plays the providers: nobody (sends fail to connect), a `SimulatorServer` in this
    /// process, or the real `wxhook sim` binary.
    package enum Simulator: Sendable { case none, inProcess, process }

    package var host = Host.inProcess
    package var simulator = Simulator.none
    /// The accounts of the config file, by name (see `TestAccount`).
    package var accounts = TestAccount.all

    package var confirmAfterS = 1
    package var expireAfterS = 3
    package var maxAttempts = 5
    package var retryBaseMs = 50
    package var sendTimeoutMs = 10_000
    package var perAccountPerMinute = 100_000
    /// `dedupe_window_s`; nil leaves the service's default (10 s).
    package var dedupeWindowS: Int?
    /// The config's `limits` object (`max_body_bytes`, `header_timeout_ms`, `idle_timeout_ms`).
    package var limits: [String: Int] = [:]
    /// The config's `retention` object (`events_days`, `messages_days`, `forwards_days`); empty:
    /// the service's defaults.
    package var retention: [String: Int] = [:]
    /// The config's `forward` array as JSON text (subscriptions); nil: none.
    package var forwardJSON: String?
    /// A subscription named `app` to the simulator's application (`{simulator}/sim/app`, signed
    /// with `simApplicationSecret`), with these extra members (`"events":[],"retry_base_ms":50`),
    /// added to `forwardJSON`'s; nil: none.
    package var simApplication: String?
    /// The service's `admin_token`; the harness's `client` sends it.
    package var adminToken: String?
    /// Rule files, name → contents, written into the rules folder before the service starts.
    package var rules: [String: String] = [:]
    /// Where the database goes (a path or a PostgreSQL URL); nil: `data/wxhook.sqlite` in the
    /// test's own folder.
    package var databasePath: String?
    /// `lease_s`; nil: the default.
    package var leaseS: Int?
    /// The level of the service's log (`WXHOOK_LOG` for a child; the file `service.log` in process).
    package var logLevel = "info"
    /// A `process` host started through `sh` with SIGXFSZ ignored, so that a file-size limit
    /// makes writes fail with EFBIG instead of killing the process.
    package var ignoresFileSizeSignal = false
    /// How much of the machine the test takes while it runs (see `LoadLimit`): `.whole` for a
    /// test that measures latency or memory, or loads the machine on purpose.
    package var load = LoadLimit.Share.one

    /// The simulator's seed (its random choices), fail rate, and the gowechat token it expects
    /// (another than the service's makes it answer 401).
    package var seed: UInt64 = 1
    package var failRate = 0.0
    package var simulatorGoToken = TestAccount.goToken

    package init() {}

    /// The config file's text. `listenPort` 0: the kernel picks; `simulator` is every account's
    /// `base_url`; `forSimulator` writes the credentials the simulator checks.
    func configJSON(listenPort: Int, simulator: String, directory: TemporaryDirectory, forSimulator: Bool = false) throws -> String {
        var object: [String: Any] = [
            "listen": "127.0.0.1:\(listenPort)",
            "database": databasePath ?? directory.file("data/wxhook.sqlite"),
            "rules": directory.file("Rules"),
            "delivery": ["confirm_after_s": confirmAfterS, "expire_after_s": expireAfterS, "max_attempts": maxAttempts,
                         "retry_base_ms": retryBaseMs, "send_timeout_ms": sendTimeoutMs],
            "pacing": ["per_account_per_minute": perAccountPerMinute],
            "limits": limits,
            "accounts": accounts.map { $0.json(baseURL: simulator, goToken: forSimulator ? simulatorGoToken : TestAccount.goToken) },
        ]
        if let adminToken { object["admin_token"] = adminToken }
        var forward = try forwardJSON.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Any] ?? [] }
        if let simApplication {
            let extra = simApplication.isEmpty ? "" : "," + simApplication
            let entry = #"{"name":"app","url":"\#(simulator)/sim/app","secret":"\#(Self.simApplicationSecret)""# + extra + "}"
            forward = (forward ?? []) + [try JSONSerialization.jsonObject(with: Data(entry.utf8))]
        }
        if let forward { object["forward"] = forward }
        if let dedupeWindowS { object["dedupe_window_s"] = dedupeWindowS }
        if let leaseS { object["lease_s"] = leaseS }
        if !retention.isEmpty { object["retention"] = retention }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

extension TestSettings {
    /// The secret of the `simApplication` subscription.
    package static let simApplicationSecret = "whsec_c2ltdWxhdGVkIGFwcGxpY2F0aW9uIHNlY3JldCE="

    /// The defaults with `configure` applied: `TestSettings { $0.dedupeWindowS = 1 }`.
    package init(_ configure: (inout TestSettings) -> Void) {
        self.init()
        configure(&self)
    }
}

extension TestSettings {
    /// The whole delivery path: the real `wxhook sim` beside the service.
    package static func endToEnd(_ configure: (inout TestSettings) -> Void = { _ in }) -> TestSettings {
        var settings = TestSettings { $0.simulator = .process }
        configure(&settings)
        return settings
    }
}
