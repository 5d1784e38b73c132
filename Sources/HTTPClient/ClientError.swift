import HTTP
import Platform

/// Why a request got no answer. The words are our own: they never quote the URL (it may carry a
/// credential in its query) nor the answer's bytes.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL
    /// A header name or value the wire cannot carry (a line break would split the request).
    case invalidHeader(name: String)
    case hostNotFound
    case connectionRefused
    case timedOut(ms: Int)
    /// The connection broke while the request was being sent or its answer read.
    case connectionLost
    /// The server's answer is not HTTP/1.x as RFC 9112 frames it.
    case badResponse(ResponseError)
    case cancelled
    /// Any other socket failure: the call and its errno.
    case system(SystemError)

    public var description: String {
        switch self {
        case .invalidURL: return "not a valid http:// URL"
        case .invalidHeader(let name): return "header \(name) holds a character a request cannot carry"
        case .hostNotFound: return "host not found"
        case .connectionRefused: return "connection refused"
        case .timedOut(let ms): return "timed out after \(ms) ms"
        case .connectionLost: return "connection lost"
        case .badResponse(let error): return "bad server response: \(error)"
        case .cancelled: return "cancelled"
        case .system(let error): return "transport error (\(error))"
        }
    }

    /// A failed connect: refused is an answer of its own, anything else a socket failure.
    init(connecting error: SystemError) {
        self = error.isConnectionRefused ? .connectionRefused : .system(error)
    }
}
