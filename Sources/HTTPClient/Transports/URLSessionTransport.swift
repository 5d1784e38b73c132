import Core
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The https half of `ProviderTransport`: one shared `URLSession` (ephemeral: no cookies, no cache, no
/// credential store) whose connections are reused across sends. Each request has its own deadline
/// covering the whole exchange, enforced here rather than trusted to URLSession's idle timeout.
public final class URLSessionTransport: SendTransport {
    private let session: URLSession

    /// `maxConnectionsPerHost` bounds concurrent sockets to one provider; `maxTimeoutMs` is the
    /// session-wide ceiling (a request's own `timeoutMs` is normally the shorter).
    public init(maxConnectionsPerHost: Int = 8, maxTimeoutMs: Int = 60_000) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.timeoutIntervalForRequest = Double(maxTimeoutMs) / 1000
        configuration.timeoutIntervalForResource = Double(maxTimeoutMs) / 1000
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: ProviderRequest, timeoutMs: Int) async -> TransportResult {
        await exchange(request, timeoutMs: timeoutMs).result
    }

    public func exchange(_ request: ProviderRequest, timeoutMs: Int) async -> TransportExchange {
        guard let url = URL(string: request.url) else {
            return .failure("not a valid URL: \(Redaction.url(request.url))")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        // URLSession's own timer is an idle timer with a coarse tick: ours below is the deadline,
        // URLSession's only a backstop.
        urlRequest.timeoutInterval = Double(max(timeoutMs, 1)) / 1000 + 1
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }

        let exchange = Exchange()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    exchange.finish(Self.result(data: data, response: response, error: error, timeoutMs: timeoutMs))
                }
                exchange.begin(task: task, continuation: continuation)
                task.resume()
                // Fires even when the answer came first; `finish` then does nothing.
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(max(timeoutMs, 1))) {
                    exchange.finish(.failure("timed out after \(timeoutMs) ms"))
                }
            }
        } onCancel: {
            exchange.finish(.failure("cancelled"))
        }
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?, timeoutMs: Int)
        -> TransportExchange {
        if let error { return .failure(reason(error, timeoutMs: timeoutMs)) }
        guard let http = response as? HTTPURLResponse else { return .failure("the answer is not HTTP") }
        let headers = http.allHeaderFields.compactMap { name, value -> (name: String, value: String)? in
            guard let name = name as? String else { return nil }
            return (name, "\(value)")
        }
        return .answer(status: http.statusCode, headers: headers, body: data.map { [UInt8]($0) } ?? [])
    }

    /// Our own words for URL errors: Foundation's may quote the URL, and the URL may hold a secret.
    private static func reason(_ error: any Error, timeoutMs: Int) -> String {
        let nsError = error as NSError
        guard nsError.domain == NSURLErrorDomain else { return "transport error (\(nsError.domain) \(nsError.code))" }
        switch nsError.code {
        case NSURLErrorTimedOut: return "timed out after \(timeoutMs) ms"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "host not found"
        case NSURLErrorNetworkConnectionLost: return "connection lost"
        case NSURLErrorNotConnectedToInternet: return "network unreachable"
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted,
             NSURLErrorServerCertificateHasBadDate, NSURLErrorServerCertificateNotYetValid:
            return "TLS handshake failed"
        case NSURLErrorBadServerResponse: return "bad server response"
        case NSURLErrorCancelled: return "cancelled"
        default: return "transport error (URL error \(nsError.code))"
        }
    }
}

/// One request's rendezvous: the completion handler, the deadline and cancellation race to
/// finish it; the first wins and resumes the caller once; a failure also cancels the task.
private final class Exchange: Sendable {
    private struct State {
        var task: URLSessionDataTask?
        var continuation: CheckedContinuation<TransportExchange, Never>?
        var outcome: TransportExchange?
    }

    private let state = Mutex(State())

    func begin(task: URLSessionDataTask, continuation: CheckedContinuation<TransportExchange, Never>) {
        let early: TransportExchange? = state.withLock { state in
            if let outcome = state.outcome { return outcome }   // cancelled before it began
            state.task = task
            state.continuation = continuation
            return nil
        }
        if let early {
            task.cancel()
            continuation.resume(returning: early)
        }
    }

    func finish(_ result: TransportExchange) {
        let (task, continuation) = state.withLock { state in
            guard state.outcome == nil else { return (URLSessionDataTask?.none, CheckedContinuation<TransportExchange, Never>?.none) }
            state.outcome = result
            defer { state.task = nil; state.continuation = nil }
            return (state.task, state.continuation)
        }
        if case .failure = result { task?.cancel() }
        continuation?.resume(returning: result)
    }
}
