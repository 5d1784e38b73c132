/// Standard Webhooks signatures under one secret: `v1,` then the base64 of HMAC-SHA256 over
/// `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the secret's decoded bytes. Any Standard
/// Webhooks library verifies what `sign` writes, and `verify` accepts what they write.
public struct WebhookSignature: Sendable {
    /// The version tag of the only scheme the standard defines.
    static let version = "v1,"

    public let secret: WebhookSecret

    public init(secret: WebhookSecret) { self.secret = secret }

    /// The `webhook-signature` header for one attempt; `timestamp` is its `webhook-timestamp`
    /// (Unix seconds) and `body` the bytes exactly as sent.
    public func sign(id: String, timestamp: Int64, body: some Collection<UInt8>) -> String {
        Self.version + Base64.encode(code(id: id, timestamp: timestamp, body: body))
    }

    /// Accepts a request whose `webhook-signature` header carries at least one matching `v1`
    /// signature (the header may list several, space-separated, while a sender rotates secrets)
    /// and whose timestamp is at most `tolerance` away from `now` (Unix seconds), so a captured
    /// request cannot be replayed later.
    public func verify(id: String, timestamp: Int64, body: some Collection<UInt8>, signatureHeader: String,
                       tolerance: Duration = .seconds(300), now: Int64) throws(WebhookSignatureError) {
        let allowed = UInt64(max(0, tolerance.components.seconds))
        let skew = now.subtractingReportingOverflow(timestamp)
        guard !skew.overflow, skew.partialValue.magnitude <= allowed else {
            throw .timestampOutOfTolerance(timestamp: timestamp, now: now, tolerance: tolerance)
        }
        let expected = Array(Base64.encode(code(id: id, timestamp: timestamp, body: body)).utf8)
        let version = Array(Self.version.utf8)
        var offered = 0
        var matched = false
        for candidate in signatureHeader.utf8.split(separator: UInt8(ascii: " ")) {
            guard candidate.starts(with: version) else { continue }   // another scheme's signature
            offered += 1
            // Every offered signature is compared in full: the time taken says nothing about
            // which one matched or how much of it.
            matched = ConstantTime.equals(Array(candidate.dropFirst(version.count)), expected) || matched
        }
        guard matched else { throw .noMatchingSignature(offered: offered) }
    }

    private func code(id: String, timestamp: Int64, body: some Collection<UInt8>) -> [UInt8] {
        HMAC.sha256(key: secret.key, message: Array("\(id).\(timestamp).".utf8) + body)
    }
}

/// Why a signed request was refused.
public enum WebhookSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `webhook-timestamp` is more than `tolerance` away from `now`.
    case timestampOutOfTolerance(timestamp: Int64, now: Int64, tolerance: Duration)
    /// No `v1` signature in the header matches; `offered` counts the ones it carried.
    case noMatchingSignature(offered: Int)

    public var description: String {
        switch self {
        case .timestampOutOfTolerance(let timestamp, let now, let tolerance):
            let direction = timestamp < now ? "older" : "newer"
            return "webhook-timestamp \(timestamp) is \(direction) than now (\(now)) by more than "
                + "\(tolerance.components.seconds) s"
        case .noMatchingSignature(let offered):
            return offered == 0
                ? "webhook-signature carries no v1 signature"
                : "none of the \(offered) v1 signatures in webhook-signature matches"
        }
    }
}
