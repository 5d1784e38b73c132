import Core

/// An `Idempotency-Key` and the hash of the body it came with (`POST /api/send`).
public struct IdempotencyClaim: Sendable, Hashable {
    /// How long a key is remembered.
    public static let lifetime: Double = 24 * 60 * 60

    public var key: String
    /// Any stable digest of the request body; two bodies are "the same" when these are equal.
    public var bodyHash: String

    public init(key: String, bodyHash: String) {
        self.key = key
        self.bodyHash = bodyHash
    }

    /// Hashes the raw body with SHA-256.
    public init(key: String, body: some Collection<UInt8>) {
        self.init(key: key, bodyHash: SHA256.hex(body))
    }
}
