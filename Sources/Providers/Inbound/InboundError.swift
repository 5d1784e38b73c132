/// Why an inbound webhook or callback cannot be accepted. Each case knows the HTTP status the
/// contract gives it; the message is safe to show (it never repeats a secret).
public enum InboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400: not JSON, not UTF-8, or a required field missing or of the wrong type.
    case malformed(String)
    /// 401: the secret or token is missing or wrong.
    case unauthorized(String)

    public var status: Int {
        switch self {
        case .malformed: 400
        case .unauthorized: 401
        }
    }

    public var description: String {
        switch self {
        case .malformed(let message), .unauthorized(let message): message
        }
    }
}
