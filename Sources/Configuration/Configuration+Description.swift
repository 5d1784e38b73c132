// A configuration is printed at start-up and in test failures; secrets must stay out of both.
extension Configuration: CustomStringConvertible, CustomDebugStringConvertible {
    /// One line per setting, secrets as `<redacted>`.
    public var description: String {
        var lines = [
            "listen: \(listen)",
            "database: \(database)",
            "rules: \(rulesPath)\(rulesPathIsExplicit ? "" : " (default)")",
            "admin_token: \(adminToken == nil ? "unset" : "<redacted>")",
            "limits: max_body_bytes \(limits.maxBodyBytes), header_timeout_ms \(limits.headerTimeoutMs), "
                + "idle_timeout_ms \(limits.idleTimeoutMs)",
            "delivery: confirm_after_s \(delivery.confirmAfterS), expire_after_s \(delivery.expireAfterS), "
                + "max_attempts \(delivery.maxAttempts), retry_base_ms \(delivery.retryBaseMs), "
                + "send_timeout_ms \(delivery.sendTimeoutMs)",
            "pacing: per_account_per_minute \(pacing.perAccountPerMinute)",
            "dedupe_window_s: \(dedupeWindowS)",
            "durability: \(durability.rawValue)",
            "timezone: \(timezone.identifier)",
            "retention: events_days \(retention.eventsDays), messages_days \(retention.messagesDays), "
                + "forwards_days \(retention.forwardsDays)",
            "lease_s: \(leaseS)",
            "accounts: \(accounts.count)",
        ]
        lines += accounts.map { "  \($0.description)" }
        return lines.joined(separator: "\n")
    }

    public var debugDescription: String { "Configuration(\n\(description)\n)" }
}
