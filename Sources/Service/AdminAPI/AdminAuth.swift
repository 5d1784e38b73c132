import Core
import HTTP

/// `Authorization: Bearer <admin_token>` on every `/api/*` call and `/metrics`. Without a
/// configured token everything is open (`serve` refuses a non-loopback listen in that case).
/// The comparison takes the same time wherever the given token differs, and a refusal never
/// repeats what was sent.
struct AdminAuth: Sendable {
    let token: Secret?

    /// nil when the request may pass; else the `401` to send.
    func refusal(for request: HTTPRequest) -> HTTPResponse? {
        guard let token else { return nil }
        guard let header = request.headers["Authorization"] else {
            return Self.unauthorized("missing admin token: send Authorization: Bearer <admin_token>")
        }
        guard let given = Self.bearerToken(header) else {
            return Self.unauthorized("Authorization must be \"Bearer <admin_token>\"")
        }
        guard token.matches(given) else { return Self.unauthorized("wrong admin token") }
        return nil
    }

    /// Wraps a handler so that it runs only for an authorized request.
    func guarding(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        { request in
            if let refusal = refusal(for: request) { return refusal }
            return await handler(request)
        }
    }

    /// The credentials of `Bearer <token>` (scheme case-insensitive, RFC 7235), or nil.
    static func bearerToken(_ header: String) -> Substring? {
        let value = header.drop { $0 == " " || $0 == "\t" }
        let scheme = value.prefix { $0 != " " && $0 != "\t" }
        guard scheme.lowercased() == "bearer" else { return nil }
        var credentials = value.dropFirst(scheme.count).drop { $0 == " " || $0 == "\t" }
        while let last = credentials.last, last == " " || last == "\t" { credentials = credentials.dropLast() }
        return credentials.isEmpty ? nil : credentials
    }

    private static func unauthorized(_ message: String) -> HTTPResponse {
        var response = HTTPResponse.jsonError(.unauthorized, message)
        response.headers.add(name: "WWW-Authenticate", value: "Bearer realm=\"wxhook\"")
        return response
    }
}
