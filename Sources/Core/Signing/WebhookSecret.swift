/// The key that signs webhooks, written as Standard Webhooks does: `whsec_` then the base64 of 24
/// to 64 random bytes, padded or not. It prints as `whsec_<redacted>` everywhere (`description`,
/// `debugDescription`, `dump`, interpolation): a log line or an error that mentions one by
/// accident leaks nothing.
public struct WebhookSecret: Sendable {
    public static let prefix = "whsec_"
    /// Enough for HMAC-SHA256 and no more than its block size, as the standard asks.
    public static let keyLengths = 24...64

    /// The decoded bytes after the prefix: the HMAC key.
    let key: [UInt8]

    public init(_ text: some StringProtocol) throws(WebhookSecretError) {
        guard text.hasPrefix(Self.prefix) else { throw .missingPrefix }
        let encoded = text.dropFirst(Self.prefix.count)
        let key: [UInt8]
        do {
            key = try Base64.decode(encoded)
        } catch {
            throw .notBase64(error)
        }
        guard Self.keyLengths.contains(key.count) else { throw .keyLength(key.count) }
        self.key = key
    }
}

extension WebhookSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { Self.prefix + "<redacted>" }
    public var debugDescription: String { description }
    /// No children: `dump` and `Mirror` must not walk into the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Why text is not a webhook secret. It says what is wrong, never what the text was.
public enum WebhookSecretError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingPrefix
    case notBase64(Base64.DecodingError)
    /// The decoded key's length in bytes, outside `WebhookSecret.keyLengths`.
    case keyLength(Int)

    public var description: String {
        let lengths = WebhookSecret.keyLengths
        return switch self {
        case .missingPrefix:
            "a webhook secret is \"\(WebhookSecret.prefix)\" followed by base64"
        case .notBase64(let reason):
            "the part after \"\(WebhookSecret.prefix)\" is not base64: \(reason)"
        case .keyLength(let count):
            "the part after \"\(WebhookSecret.prefix)\" decodes to \(count) bytes; a webhook secret holds "
                + "\(lengths.lowerBound) to \(lengths.upperBound)"
        }
    }
}
