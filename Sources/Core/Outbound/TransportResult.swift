/// What carrying a `ProviderRequest` gave: an HTTP answer, or why there was none. The
/// transports (`HTTPClient`) produce it; the provider adapters classify it.
public enum TransportResult: Sendable, Hashable {
    case answer(status: Int, body: [UInt8])
    /// No answer: timeout, connection refused or reset, name resolution, cancelled. Never
    /// contains credentials (URLs in it are redacted).
    case failure(String)
}

/// The same exchange with the answer's headers, for callers that read them (`Retry-After`).
public enum TransportExchange: Sendable {
    /// `bodyCut`: `body` is only the first bytes of a longer answer (a transport that cuts long
    /// answers instead of refusing them).
    case answer(status: Int, headers: [(name: String, value: String)], body: [UInt8], bodyCut: Bool = false)
    case failure(String)

    /// The first header with this name (case-insensitive), or nil (or no answer).
    public func header(_ name: String) -> String? {
        guard case .answer(_, let headers, _, _) = self else { return nil }
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Without the headers.
    public var result: TransportResult {
        switch self {
        case .answer(let status, _, let body, _): .answer(status: status, body: body)
        case .failure(let reason): .failure(reason)
        }
    }
}
