import Core

/// Carries a `ProviderRequest` to the provider. The service uses `ProviderTransport`; tests use
/// a fake that records requests and answers from a script.
public protocol SendTransport: Sendable {
    /// Never throws: every way a request can go wrong is a `TransportResult`. `timeoutMs` bounds
    /// the whole exchange, connecting included.
    func send(_ request: ProviderRequest, timeoutMs: Int) async -> TransportResult
}
