import HTTP
import Synchronization

/// A small HTTP/1.1 client for plain `http://` servers: keep-alive connections reused per
/// server, one deadline per request covering connecting, sending and reading (a name lookup's
/// time counts against it, though the lookup itself cannot be cut short), and blocking socket
/// work on threads of its own. It exists because the service sends a lot to
/// providers on the local network, and URLSession on Linux leaks a little on every request
/// (see README.md, "Outbound HTTP").
public final class HTTPClient: Sendable {
    private let pool: ConnectionPool
    private let workers: BlockingWorkers
    private let limits: ResponseParser.Limits
    private let userAgent: String

    /// `maxThreads` bounds requests in flight (more wait their turn); a thread without a request
    /// for `threadIdleSeconds` ends. `maxIdlePerServer` and `maxIdleMs` bound the keep-alive
    /// connections kept between requests.
    public init(userAgent: String = "wxhook", maxThreads: Int = 32, threadIdleSeconds: Int = 60,
                maxIdlePerServer: Int = 8, maxIdleMs: Int = 2_000, limits: ResponseParser.Limits = .init()) {
        self.userAgent = userAgent
        pool = ConnectionPool(maxIdlePerServer: maxIdlePerServer, maxIdleMs: maxIdleMs)
        workers = BlockingWorkers(maxThreads: maxThreads, idleSeconds: threadIdleSeconds)
        self.limits = limits
    }

    /// Idle keep-alive connections held now.
    public var idleConnections: Int { pool.idleCount }

    /// Threads of the client running now (busy or waiting for work).
    public var threads: Int { workers.threadCount }

    /// Sends one request and reads its answer by `timeoutMs` after this call. More than
    /// `maxThreads` requests at once wait their turn; one still waiting when its deadline passes
    /// is answered `timedOut` when a thread takes it, and never sent. Never throws past the
    /// result: every failure is a `ClientError`. Cancelling the task answers `.cancelled` at once;
    /// the socket work then ends by its deadline and its connection is closed, not pooled.
    public func send(method: String, url: String, headers: [(name: String, value: String)] = [],
                     body: [UInt8] = [], timeoutMs: Int) async -> Result<HTTPClientResponse, ClientError> {
        guard let target = ClientURL(url) else { return .failure(.invalidURL) }
        let request: [UInt8]
        switch serialize(method: method, target, headers: headers, body: body) {
        case .success(let bytes): request = bytes
        case .failure(let error): return .failure(error)
        }
        let deadline = Deadline(afterMs: timeoutMs)
        let rendezvous = Rendezvous()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard rendezvous.begin(continuation) else { return }
                // No timer per request: a Dispatch timer for each send showed as steady RSS growth
                // in the soak. A request that waited for a thread past its deadline is answered
                // `timedOut` when a thread takes it, and is never sent (see `exchange`).
                workers.run { [self] in
                    let result = exchange(request, method: method, target, deadline: deadline, timeoutMs: timeoutMs,
                                          abandoned: { rendezvous.isFinished })
                    rendezvous.finish(result)
                }
            }
        } onCancel: {
            rendezvous.finish(.failure(.cancelled))
        }
    }

    /// The request head and body as bytes. Header values come from configuration (tokens, keys):
    /// a CR or LF in one would split the request, so it is refused, never sent.
    private func serialize(method: String, _ url: ClientURL, headers: [(name: String, value: String)],
                           body: [UInt8]) -> Result<[UInt8], ClientError> {
        var head = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.authority)\r\n"
        var hasUserAgent = false
        for header in headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(Self.isTokenByte) else {
                return .failure(.invalidHeader(name: "(unnamed)"))
            }
            guard header.value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                return .failure(.invalidHeader(name: header.name))
            }
            let lowered = header.name.lowercased()
            if lowered == "host" || lowered == "content-length" || lowered == "connection"
                || lowered == "transfer-encoding" { continue }   // ours to set
            if lowered == "user-agent" { hasUserAgent = true }
            head += "\(header.name): \(header.value)\r\n"
        }
        if !hasUserAgent { head += "User-Agent: \(userAgent)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return .success(Array(head.utf8) + body)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// The blocking part, on a worker thread. A pooled connection that breaks before the first
    /// byte of an answer (reset, or closed) is taken to have been closed by the server while idle,
    /// the request unread, and the request goes once more on a fresh connection, as curl does; the
    /// pool retires connections after `maxIdleMs` so that this stays rare. Any other failure is
    /// final: the server may have acted on the request, and only the caller may repeat it.
    private func exchange(_ request: [UInt8], method: String, _ url: ClientURL, deadline: Deadline, timeoutMs: Int,
                          abandoned: () -> Bool) -> Result<HTTPClientResponse, ClientError> {
        let key = ConnectionPool.Key(host: url.host, port: url.port)
        var pooled = pool.take(key)
        while true {
            guard !abandoned() else {
                pooled?.close()
                return .failure(.cancelled)
            }
            let connection: ClientConnection
            if let pooled {
                connection = pooled
            } else {
                do throws(ClientError) {
                    connection = try ClientConnection.open(host: url.host, port: url.port, deadline: deadline,
                                                           timeoutMs: timeoutMs)
                } catch {
                    return .failure(error)
                }
            }
            let outcome = Result { () throws(ClientError) -> HTTPClientResponse in
                // A request that waited for a thread, or connected, past its deadline is not sent
                // at all: its caller has been told it timed out and may send it again.
                guard deadline.remainingMs > 0 else { throw .timedOut(ms: timeoutMs) }
                try connection.write(request, deadline: deadline, timeoutMs: timeoutMs)
                return try readAnswer(from: connection, method: method, deadline: deadline, timeoutMs: timeoutMs)
            }
            switch outcome {
            case .success(let answer):
                if answer.keepAlive, !abandoned() { pool.put(connection, for: key) } else { connection.close() }
                return .success(answer)
            case .failure(.connectionLost) where connection.reused && pooled != nil:
                // Written into a connection the server had already closed (it answered with a
                // reset or an immediate end of stream): it never saw the request. Once, fresh.
                connection.close()
                pooled = nil
            case .failure(let error):
                connection.close()
                return .failure(error)
            }
        }
    }

    private func readAnswer(from connection: ClientConnection, method: String, deadline: Deadline,
                            timeoutMs: Int) throws(ClientError) -> HTTPClientResponse {
        var parser = ResponseParser(requestMethod: method, limits: limits)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var receivedAny = false
        while true {
            let count = try connection.read(into: &buffer, deadline: deadline, timeoutMs: timeoutMs)
            guard count > 0 else {
                // A reused connection that ends before any answer byte was closed by the server;
                // one that ends mid-answer broke. Only a body framed by the close ends well here.
                guard receivedAny, var answer = try? parser.endOfInput() else { throw .connectionLost }
                answer.keepAlive = false
                return answer
            }
            receivedAny = true
            do {
                if let answer = try parser.feed(buffer[..<count]) { return answer }
            } catch {
                throw .badResponse(error)
            }
        }
    }
}

/// One request's meeting point: the worker's result and a cancellation race to finish it; the
/// first wins and resumes the caller exactly once.
private final class Rendezvous: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result<HTTPClientResponse, ClientError>, Never>?
        var outcome: Result<HTTPClientResponse, ClientError>?
    }

    private let state = Mutex(State())

    var isFinished: Bool { state.withLock { $0.outcome != nil } }

    /// False when the request was cancelled before it began (the caller is resumed here).
    func begin(_ continuation: CheckedContinuation<Result<HTTPClientResponse, ClientError>, Never>) -> Bool {
        let early: Result<HTTPClientResponse, ClientError>? = state.withLock { state in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(returning: early)
        return false
    }

    func finish(_ result: Result<HTTPClientResponse, ClientError>) {
        let continuation = state.withLock { state in
            guard state.outcome == nil else { return CheckedContinuation<Result<HTTPClientResponse, ClientError>, Never>?.none }
            state.outcome = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }
}
