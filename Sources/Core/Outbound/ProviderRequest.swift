/// An HTTP request to a provider, built by a send adapter and carried out by a `SendTransport`.
/// A plain value: building it does no I/O, so every provider's wire format is testable from literals.
public struct ProviderRequest: Sendable {
    public var method: String
    /// The full URL, query already percent-encoded.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

extension ProviderRequest: CustomStringConvertible, CustomDebugStringConvertible {
    /// Method, URL and body with every credential replaced by `***`: the request log prints this.
    public var description: String {
        var text = "\(method) \(Redaction.url(url))"
        if let authorization = header("Authorization") {
            text += " authorization=\(Redaction.authorization(authorization))"
        }
        if !body.isEmpty { text += " " + Redaction.body(body) }
        return text
    }

    public var debugDescription: String { description }
}
