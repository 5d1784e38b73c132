import Core

/// Carries a `ProviderRequest` to the provider. The service uses `ProviderTransport`; tests use
/// a fake that records requests and answers from a script.
public protocol SendTransport: Sendable {
    /// Never throws: every way a request can go wrong is a `TransportResult`. `timeoutMs` bounds
    /// the whole exchange, connecting included.
    func send(_ request: ProviderRequest, timeoutMs: Int) async -> TransportResult
    /// The same, answered with the headers too. Transports that cannot tell answer without them.
    func exchange(_ request: ProviderRequest, timeoutMs: Int) async -> TransportExchange
}

extension SendTransport {
    public func exchange(_ request: ProviderRequest, timeoutMs: Int) async -> TransportExchange {
        switch await send(request, timeoutMs: timeoutMs) {
        case .answer(let status, let body): .answer(status: status, headers: [], body: body)
        case .failure(let reason): .failure(reason)
        }
    }
}
