/// What a handler answers. The server adds the framing (`Content-Length`, `Connection`,
/// `X-Request-Id`) when it writes the response, so handlers never set those themselves.
public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A body of any type: `HTTPResponse.bytes(.ok, contentType: "text/html; charset=utf-8", page)`.
    public static func bytes(_ status: HTTPStatus, contentType: String, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: body)
    }

    /// An already-encoded JSON body, with `nosniff` so no browser ever reads it as HTML.
    public static func json(_ status: HTTPStatus, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json", "X-Content-Type-Options": "nosniff"],
                     body: body)
    }

    /// `{"ok":false,"error":"<message>"}`, the one shape every error answer takes.
    public static func jsonError(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(message.utf8.count + 26)
        body.append(contentsOf: #"{"ok":false,"error":""#.utf8)
        JSONString.appendEscaped(message, to: &body)
        body.append(contentsOf: #""}"#.utf8)
        return json(status, body)
    }
}

/// The minimal JSON string escaping this module needs (the JSON module is not a dependency).
enum JSONString {
    static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: Array(#"\u00"#.utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
    }
}
