import Core
import Foundation
import JSON

/// Reads the config file's located JSON tree onto a configuration, collecting every problem with
/// its line and key path instead of stopping at the first. Unknown keys are problems: a typo must
/// not silently do nothing.
struct FileDecoder {
    /// The file as the user named it, the `source` of every problem.
    let file: String
    private(set) var problems: [ConfigurationProblem] = []
    /// Every string found under a secret key, valid or not, so messages can be scrubbed of them.
    private(set) var secretsSeen: [String] = []
    /// The line of `rules` when the file names a rules folder.
    private(set) var rulesLine: Int?

    init(file: String) { self.file = file }

    static let secretKeys: Set<String> = ["secret", "access_token", "token", "key", "callback_token", "admin_token"]

    mutating func decode(_ root: JSONNode, onto configuration: inout Configuration) {
        guard let fields = fields(of: root, at: "", known: ConfigurationKeys.root) else { return }
        if let member = fields["listen"], let text = string(member, at: "listen") {
            do throws(ListenAddressError) {
                configuration.listen = try ListenAddress(parsing: text)
            } catch {
                add(member.value.line, "listen", error.message)
            }
        }
        if let member = fields["database"], let path = string(member, at: "database") {
            configuration.databasePath = path
        }
        if let member = fields["rules"], let path = string(member, at: "rules") {
            configuration.rulesPath = path
            configuration.rulesPathIsExplicit = true
            rulesLine = member.value.line
        }
        if let member = fields["admin_token"], let token = string(member, at: "admin_token") {
            configuration.adminToken = Secret(token)
        }
        if let member = fields["limits"] {
            decodeLimits(member.value, onto: &configuration.limits)
        }
        if let member = fields["delivery"] {
            decodeDelivery(member.value, onto: &configuration.delivery)
        }
        if let member = fields["pacing"],
           let pacing = self.fields(of: member.value, at: "pacing", known: ConfigurationKeys.pacing) {
            integer(pacing, "per_account_per_minute", in: "pacing", minimum: 1) {
                configuration.pacing.perAccountPerMinute = $0
            }
        }
        integer(fields, "dedupe_window_s", in: "", minimum: 0) { configuration.dedupeWindowS = $0 }
        if let member = fields["durability"], let text = string(member, at: "durability") {
            if let durability = Durability(rawValue: text) {
                configuration.durability = durability
            } else {
                let known = Durability.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                add(member.value.line, "durability", "must be \(known), got \(quoted(text))")
            }
        }
        integer(fields, "lease_s", in: "", minimum: 2, maximum: 3600, wanted: "an integer from 2 to 3600") {
            configuration.leaseS = $0
        }
        if let member = fields["timezone"], let name = string(member, at: "timezone") {
            if let zone = TimeZone(identifier: name) {
                configuration.timezone = zone
            } else {
                add(member.value.line, "timezone", "\(quoted(name)) is not an IANA time zone name (such as \"Asia/Shanghai\")")
            }
        }
        if let member = fields["retention"] {
            decodeRetention(member.value, onto: &configuration.retention)
        }
        if let member = fields["accounts"] {
            configuration.accounts = decodeAccounts(member.value)
        }
        if let member = fields["forward"] {
            configuration.subscriptions = decodeSubscriptions(member.value)
        }
    }

    private mutating func decodeLimits(_ node: JSONNode, onto limits: inout Configuration.Limits) {
        guard let fields = fields(of: node, at: "limits", known: ConfigurationKeys.limits) else { return }
        integer(fields, "max_body_bytes", in: "limits", minimum: 1) { limits.maxBodyBytes = $0 }
        integer(fields, "header_timeout_ms", in: "limits", minimum: 1) { limits.headerTimeoutMs = $0 }
        integer(fields, "idle_timeout_ms", in: "limits", minimum: 1) { limits.idleTimeoutMs = $0 }
    }

    private mutating func decodeDelivery(_ node: JSONNode, onto delivery: inout Configuration.Delivery) {
        guard let fields = fields(of: node, at: "delivery", known: ConfigurationKeys.delivery) else { return }
        // 0 s to confirm is meaningful (an echo is final at once); the other timers are not.
        integer(fields, "confirm_after_s", in: "delivery", minimum: 0) { delivery.confirmAfterS = $0 }
        integer(fields, "expire_after_s", in: "delivery", minimum: 1) { delivery.expireAfterS = $0 }
        integer(fields, "max_attempts", in: "delivery", minimum: 1) { delivery.maxAttempts = $0 }
        integer(fields, "retry_base_ms", in: "delivery", minimum: 1) { delivery.retryBaseMs = $0 }
        integer(fields, "send_timeout_ms", in: "delivery", minimum: 1) { delivery.sendTimeoutMs = $0 }
    }
}

extension FileDecoder {
    /// Days are capped at 100 years: a larger number is a typo, and keeps the cutoff arithmetic exact.
    static let maximumRetentionDays = 36_500

    private mutating func decodeRetention(_ node: JSONNode, onto retention: inout Configuration.Retention) {
        guard let fields = fields(of: node, at: "retention", known: ConfigurationKeys.retention) else { return }
        let settings: [(String, WritableKeyPath<Configuration.Retention, Int>)] =
            [("events_days", \.eventsDays), ("messages_days", \.messagesDays), ("forwards_days", \.forwardsDays)]
        for (key, setting) in settings {
            integer(fields, key, in: "retention", minimum: 0, maximum: Self.maximumRetentionDays,
                    wanted: "a whole number of days from 0 (keep forever) to \(Self.maximumRetentionDays)") {
                retention[keyPath: setting] = $0
            }
        }
    }
}

// The typed readers: each reports what is wrong and returns nil, so decoding goes on.
extension FileDecoder {
    mutating func add(_ line: Int?, _ key: String?, _ message: String) {
        problems.append(ConfigurationProblem(source: file, line: line, key: key, message: message))
    }

    /// The object's members by key (the last of duplicates; `null` counts as absent), after
    /// reporting a non-object, duplicates and unknown keys. `unknown` may explain a key better.
    mutating func fields(of node: JSONNode, at path: String, known: [String],
                         unknown: (String) -> String? = { _ in nil }) -> [String: JSONMember]? {
        guard let members = node.members else {
            add(node.line, path.isEmpty ? nil : path, path.isEmpty
                ? "the configuration must be a JSON object, got \(Self.shown(node, secret: false))"
                : "must be an object, got \(Self.shown(node, secret: false))")
            return nil
        }
        var fields: [String: JSONMember] = [:]
        var firstLines: [String: Int] = [:]
        for member in members {
            let key = Self.join(path, member.key)
            guard known.contains(member.key) else {
                add(member.keyLine, key, unknown(member.key) ?? "unknown key (known: \(known.joined(separator: ", ")))")
                continue
            }
            if let first = firstLines[member.key] {
                add(member.keyLine, key, "given twice (first on line \(first))")
            } else {
                firstLines[member.key] = member.keyLine
            }
            if Self.secretKeys.contains(member.key), case .string(let text) = member.value.kind, !text.isEmpty {
                secretsSeen.append(text)
            }
            if case .null = member.value.kind {
                fields[member.key] = nil
            } else {
                fields[member.key] = member
            }
        }
        return fields
    }

    /// A non-empty string. Secret values are never quoted back.
    mutating func string(_ member: JSONMember, at path: String) -> String? {
        let secret = Self.secretKeys.contains(member.key)
        guard case .string(let text) = member.value.kind else {
            add(member.value.line, path, "must be a string, got \(Self.shown(member.value, secret: secret))")
            return nil
        }
        guard !text.isEmpty else {
            add(member.value.line, path, "must not be empty")
            return nil
        }
        return text
    }

    /// A whole number ≥ `minimum` under `key` of `fields`, handed to `apply` when valid.
    /// `wanted` replaces the generic description of the range in the problem.
    mutating func integer(_ fields: [String: JSONMember], _ key: String, in path: String, minimum: Int,
                          maximum: Int = .max, wanted: String? = nil, apply: (Int) -> Void) {
        guard let member = fields[key] else { return }
        let number: Int? = switch member.value.kind {
        case .int(let value): Int(exactly: value)
        case .double(let value): Int(exactly: value)
        default: nil
        }
        guard let number, number >= minimum, number <= maximum else {
            let wanted = wanted ?? (minimum == 0 ? "a non-negative integer" : minimum == 1 ? "a positive integer" : "an integer ≥ \(minimum)")
            add(member.value.line, Self.join(path, key), "must be \(wanted), got \(Self.shown(member.value, secret: false))")
            return
        }
        apply(number)
    }

    /// An array of non-empty strings.
    mutating func strings(_ member: JSONMember, at path: String) -> [String]? {
        guard let elements = member.value.elements else {
            add(member.value.line, path, "must be an array of strings, got \(Self.shown(member.value, secret: false))")
            return nil
        }
        var result: [String] = []
        var valid = true
        for (index, element) in elements.enumerated() {
            if case .string(let text) = element.kind, !text.isEmpty {
                result.append(text)
            } else {
                add(element.line, "\(path)[\(index)]", "must be a non-empty string, got \(Self.shown(element, secret: false))")
                valid = false
            }
        }
        return valid ? result : nil
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// What a wrong value was, for "got …": short scalars as written, containers by kind; a
    /// secret's value only by its kind.
    static func shown(_ node: JSONNode, secret: Bool) -> String {
        switch node.kind {
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        case .bool(let flag): return secret ? "a boolean" : String(flag)
        case .int, .double: return secret ? "a number" : JSON.string(node.value)
        case .string(let text):
            if secret { return "a string" }
            return quoted(text.count > 60 ? String(text.prefix(60)) + "…" : text)
        }
    }
}
