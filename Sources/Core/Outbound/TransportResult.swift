/// What carrying a `ProviderRequest` gave: an HTTP answer, or why there was none. The
/// transports (`HTTPClient`) produce it; the provider adapters classify it.
public enum TransportResult: Sendable, Hashable {
    case answer(status: Int, body: [UInt8])
    /// No answer: timeout, connection refused or reset, name resolution, cancelled. Never
    /// contains credentials (URLs in it are redacted).
    case failure(String)
}
