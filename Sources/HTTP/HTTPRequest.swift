/// One complete request as read from the wire: head, decoded body, and what the server and the
/// router learned about it (its id, when it arrived, the path parameters).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as sent, query included.
    public var target: String
    /// The target without its query, not percent-decoded (for routing and logs).
    public var path: String
    /// The raw query after `?`, or nil when there is none.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// The body, with any chunked transfer coding removed.
    public var body: [UInt8]
    /// Assigned by the server; echoed as `X-Request-Id`.
    public var id: String
    /// Filled by the router from `{name}` segments, percent-decoded.
    public var pathParameters: [String: String]
    /// Monotonic clock reading in nanoseconds of when the request started to arrive.
    public var receivedAt: UInt64

    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        id: String = "",
        receivedAt: UInt64 = 0
    ) {
        self.method = method
        self.target = target
        (path, query) = HTTPRequest.split(target: target)
        self.version = version
        self.headers = headers
        self.body = body
        self.id = id
        self.pathParameters = [:]
        self.receivedAt = receivedAt
    }

    /// The parser's initializer: the target is already split.
    init(method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion,
         headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = []
        self.id = ""
        self.pathParameters = [:]
        self.receivedAt = 0
    }

    /// Whether the connection stays open after this exchange: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        var close = false
        var keepAlive = false
        for field in headers.fields where ASCII.equalsIgnoringCase(field.name, "connection") {
            if ASCII.list(field.value, containsToken: "close") { close = true }
            if ASCII.list(field.value, containsToken: "keep-alive") { keepAlive = true }
        }
        if close { return false }
        return version == .http1_1 || keepAlive
    }

    /// Splits a target into its path and query (see `TargetParts`).
    static func split(target: String) -> (path: String, query: String?) {
        var target = target
        return target.withUTF8 { bytes in
            let parts = TargetParts(bytes)
            let path = parts.pathIsEmpty ? "/" : String(decoding: bytes[parts.path], as: UTF8.self)
            let query = parts.query.map { String(decoding: bytes[$0], as: UTF8.self) }
            return (path, query)
        }
    }
}

/// Where the path and the query lie in a request target. An origin-form target splits at the first
/// `?`; an absolute-form target (`http://host/path?q`) routes by its path; the asterisk form is `*`.
struct TargetParts {
    var path: Range<Int>
    var query: Range<Int>?

    var pathIsEmpty: Bool { path.isEmpty }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var pathStart = 0
        if let first = bytes.first, first != ASCII.slash, first != UInt8(ascii: "*"),
           let schemeEnd = TargetParts.endOfScheme(bytes) {
            pathStart = schemeEnd
            while pathStart < bytes.count, bytes[pathStart] != ASCII.slash, bytes[pathStart] != ASCII.questionMark {
                pathStart += 1
            }
        }
        var pathEnd = pathStart
        while pathEnd < bytes.count, bytes[pathEnd] != ASCII.questionMark { pathEnd += 1 }
        path = pathStart..<pathEnd
        query = pathEnd < bytes.count ? (pathEnd + 1)..<bytes.count : nil
    }

    /// The index after `://`, when the target starts with a scheme.
    private static func endOfScheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == ASCII.colon {
                return bytes[index + 1] == ASCII.slash && bytes[index + 2] == ASCII.slash ? index + 3 : nil
            }
            if bytes[index] == ASCII.slash || bytes[index] == ASCII.questionMark { return nil }
            index += 1
        }
        return nil
    }
}
