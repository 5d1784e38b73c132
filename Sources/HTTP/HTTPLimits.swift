/// What a client may send and how long it may take. Each size limit has its own status:
/// request line 414, header section 431, body 413; a slow client gets 408.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method, target, version) without its CRLF → 414.
    public var maxRequestLineBytes: Int
    /// Largest header section (all field lines after the request line) → 431. Trailers of a
    /// chunked body count against the same limit.
    public var maxHeaderBytes: Int
    /// Most header fields in one request → 431.
    public var maxHeaderCount: Int
    /// Largest body after removing any chunked coding → 413, refused as soon as it is announced.
    public var maxBodyBytes: Int
    /// A request must arrive whole (head and body) within this many milliseconds of its first
    /// byte, or the server answers 408 and closes.
    public var headerTimeoutMs: Int
    /// A keep-alive connection with nothing to do is closed quietly after this long.
    public var idleTimeoutMs: Int
    /// Open connections across the whole server; over it, new ones get 503 and are closed.
    public var maxConnections: Int
    /// Requests read ahead of their answers on one connection; past it the server stops reading
    /// from that connection until answers catch up (backpressure, not an error).
    public var maxPipelinedRequests: Int

    public init(
        maxRequestLineBytes: Int = 8192,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1_048_576,
        headerTimeoutMs: Int = 10_000,
        idleTimeoutMs: Int = 60_000,
        maxConnections: Int = 4096,
        maxPipelinedRequests: Int = 16
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.headerTimeoutMs = headerTimeoutMs
        self.idleTimeoutMs = idleTimeoutMs
        self.maxConnections = maxConnections
        self.maxPipelinedRequests = maxPipelinedRequests
    }
}
