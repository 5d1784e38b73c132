import Core
import Synchronization

/// The real `SendTransport`. Plain `http://` providers (the usual case for bot-admin and
/// go-wechat-http on the local network, and for `wxhook sim`) go through our own `HTTPClient`;
/// `https://` ones through `URLSessionTransport`, created on the first https request, since TLS
/// is not ours to implement. Both answer in the same `TransportResult` words.
public final class ProviderTransport: SendTransport {
    private let plain: HTTPClient
    private let secure = Mutex<URLSessionTransport?>(nil)
    private let maxConnectionsPerHost: Int

    /// `maxInFlight` bounds plain requests in flight; `maxConnectionsPerHost` bounds the https
    /// sockets to one provider and the idle keep-alive connections kept per plain server.
    public init(maxInFlight: Int = 32, maxConnectionsPerHost: Int = 8) {
        plain = HTTPClient(userAgent: "wxhook", maxThreads: maxInFlight, maxIdlePerServer: maxConnectionsPerHost)
        self.maxConnectionsPerHost = maxConnectionsPerHost
    }

    public func send(_ request: ProviderRequest, timeoutMs: Int) async -> TransportResult {
        if request.url.utf8.count > 8, request.url.prefix(8).lowercased() == "https://" {
            let transport = secure.withLock { secure in
                if let secure { return secure }
                let created = URLSessionTransport(maxConnectionsPerHost: maxConnectionsPerHost)
                secure = created
                return created
            }
            return await transport.send(request, timeoutMs: timeoutMs)
        }
        let result = await plain.send(method: request.method, url: request.url, headers: request.headers,
                                      body: request.body, timeoutMs: timeoutMs)
        switch result {
        case .success(let answer): return .answer(status: answer.status, body: answer.body)
        case .failure(.invalidURL): return .failure("not a valid URL: \(Redaction.url(request.url))")
        case .failure(let error): return .failure(error.description)
        }
    }
}
