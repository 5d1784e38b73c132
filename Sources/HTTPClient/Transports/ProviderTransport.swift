import Core
import HTTP
import Synchronization

/// The real `SendTransport`. Plain `http://` providers (the usual case for bot-admin and
/// go-wechat-http on the local network, and for `wxhook sim`) go through our own `HTTPClient`;
/// `https://` ones through `URLSessionTransport`, created on the first https request, since TLS
/// is not ours to implement. Both answer in the same `TransportResult` words.
public final class ProviderTransport: SendTransport {
    private let plain: HTTPClient
    private let secure = Mutex<URLSessionTransport?>(nil)
    private let maxConnectionsPerHost: Int
    private let maxAnswerBytes: Int
    private let cutsLongAnswers: Bool

    /// `maxInFlight` bounds plain requests in flight; `maxConnectionsPerHost` bounds the https
    /// sockets to one provider and the idle keep-alive connections kept per plain server.
    /// `maxAnswerBytes` bounds an answer's body: a larger one is no answer ("larger than …"), or
    /// with `cutsLongAnswers` an answer whose body is cut there (`bodyCut`).
    public init(maxInFlight: Int = 32, maxConnectionsPerHost: Int = 8, maxAnswerBytes: Int = 8 * 1024 * 1024,
                cutsLongAnswers: Bool = false) {
        plain = HTTPClient(userAgent: "wxhook", maxThreads: maxInFlight, maxIdlePerServer: maxConnectionsPerHost,
                           limits: ResponseParser.Limits(maxBodyBytes: maxAnswerBytes, cutsLongBody: cutsLongAnswers))
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxAnswerBytes = maxAnswerBytes
        self.cutsLongAnswers = cutsLongAnswers
    }

    public func send(_ request: ProviderRequest, timeoutMs: Int) async -> TransportResult {
        await exchange(request, timeoutMs: timeoutMs).result
    }

    public func exchange(_ request: ProviderRequest, timeoutMs: Int) async -> TransportExchange {
        if request.url.utf8.count > 8, request.url.prefix(8).lowercased() == "https://" {
            let transport = secure.withLock { secure in
                if let secure { return secure }
                let created = URLSessionTransport(maxConnectionsPerHost: maxConnectionsPerHost)
                secure = created
                return created
            }
            let exchanged = await transport.exchange(request, timeoutMs: timeoutMs)
            if case .answer(let status, let headers, let body, _) = exchanged, body.count > maxAnswerBytes {
                guard cutsLongAnswers else {
                    return .failure("bad server response: the answer's body is larger than \(maxAnswerBytes) bytes")
                }
                return .answer(status: status, headers: headers, body: Array(body.prefix(maxAnswerBytes)), bodyCut: true)
            }
            return exchanged
        }
        let result = await plain.send(method: request.method, url: request.url, headers: request.headers,
                                      body: request.body, timeoutMs: timeoutMs)
        switch result {
        case .success(let answer):
            let headers = answer.headers.map { (name: $0.name, value: $0.value) }
            return .answer(status: answer.status, headers: headers, body: answer.body, bodyCut: answer.bodyCut)
        case .failure(.invalidURL): return .failure("not a valid URL: \(Redaction.url(request.url))")
        case .failure(let error): return .failure(error.description)
        }
    }
}
