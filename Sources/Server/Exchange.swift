import HTTP

/// One answer owed on a connection, in request order: a request whose handler may still be
/// running, an interim `100 Continue`, or an error the server answers itself before closing.
struct Exchange {
    enum Kind {
        case request
        case interim
        case refusal
    }

    let kind: Kind
    var response: HTTPResponse?
    let requestID: String
    let method: String
    let path: String
    let receivedAt: UInt64
    let isHead: Bool
    /// The connection closes after this answer (`Connection: close`, HTTP/1.0, a refusal).
    let closes: Bool
    /// HTTP/1.0 keep-alive must be confirmed in the answer.
    let announceKeepAlive: Bool

    static func forRequest(_ request: HTTPRequest) -> Exchange {
        let keepAlive = request.keepAlive
        return Exchange(kind: .request, response: nil, requestID: request.id, method: request.method.rawValue,
                        path: request.path, receivedAt: request.receivedAt, isHead: request.method == .head,
                        closes: !keepAlive, announceKeepAlive: keepAlive && request.version == .http1_0)
    }

    static func interimContinue() -> Exchange {
        Exchange(kind: .interim, response: HTTPResponse(status: .continue), requestID: "", method: "", path: "",
                 receivedAt: 0, isHead: false, closes: false, announceKeepAlive: false)
    }

    static func refusal(_ status: HTTPStatus, _ message: String, requestID: String, receivedAt: UInt64) -> Exchange {
        Exchange(kind: .refusal, response: .jsonError(status, message), requestID: requestID, method: "-", path: "-",
                 receivedAt: receivedAt, isHead: false, closes: true, announceKeepAlive: false)
    }
}
