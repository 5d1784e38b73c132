/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// A parsed request head: the request without its body, how the body is framed, and whether
/// the client waits for `100 Continue` before sending it.
struct RequestHead {
    var request: HTTPRequest
    var framing: BodyFraming
    var expectsContinue: Bool

    /// Parses a complete head: `bytes` runs from the request line through the empty line.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, requestLineEnd: Int, limits: HTTPLimits
    ) throws(ParseError) -> RequestHead {
        var line = RequestLine(bytes: bytes, end: requestLineEnd)
        try line.parse()
        var fields = FieldReader()
        var headers = HTTPHeaders()
        var lineStart = requestLineEnd + 2
        let headEnd = bytes.count - 2
        while lineStart < headEnd {
            var lineEnd = lineStart
            while bytes[lineEnd] != ASCII.cr || bytes[lineEnd + 1] != ASCII.lf { lineEnd += 1 }
            let field = try fields.read(bytes, lineStart..<lineEnd)
            headers.add(name: field.name, value: field.value)
            lineStart = lineEnd + 2
        }
        let framing = try fields.framing(limits: limits)
        let target = UnsafeBufferPointer(rebasing: bytes[line.target])
        let parts = TargetParts(target)
        let request = HTTPRequest(
            method: HTTPMethod(String(decoding: bytes[line.method], as: UTF8.self)),
            target: String(decoding: target, as: UTF8.self),
            path: parts.pathIsEmpty ? "/" : String(decoding: target[parts.path], as: UTF8.self),
            query: parts.query.map { String(decoding: target[$0], as: UTF8.self) },
            version: line.version,
            headers: headers
        )
        let expectsContinue = fields.expectsContinue && line.version == .http1_1 && framing != .none
            && framing != .length(0)
        return RequestHead(request: request, framing: framing, expectsContinue: expectsContinue)
    }
}

/// `method SP request-target SP HTTP-version`, with exactly one space between the parts; the
/// method is a token and the target visible ASCII only.
private struct RequestLine {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var method = 0..<0
    var target = 0..<0
    var version = HTTPVersion.http1_1

    init(bytes: UnsafeBufferPointer<UInt8>, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    mutating func parse() throws(ParseError) {
        var index = 0
        while index < end, ASCII.isTokenCharacter(bytes[index]) { index += 1 }
        guard index > 0, index < end, bytes[index] == ASCII.space else {
            throw ParseError(.badRequest, "malformed request line: invalid method")
        }
        method = 0..<index
        index += 1
        let targetStart = index
        while index < end, ASCII.isVisible(bytes[index]) { index += 1 }
        guard index > targetStart, index < end, bytes[index] == ASCII.space else {
            throw ParseError(.badRequest, "malformed request line: invalid request target")
        }
        target = targetStart..<index
        guard isAcceptableTarget(target) else {
            throw ParseError(.badRequest, "malformed request line: invalid request target")
        }
        version = try parseVersion(from: index + 1)
    }

    /// Origin form (`/path`), the asterisk form, or absolute form (`scheme://…`).
    private func isAcceptableTarget(_ range: Range<Int>) -> Bool {
        let first = bytes[range.lowerBound]
        if first == ASCII.slash { return true }
        if first == UInt8(ascii: "*") { return range.count == 1 }
        var index = range.lowerBound
        while index < range.upperBound, ASCII.isTokenCharacter(bytes[index]) { index += 1 }
        return index > range.lowerBound && index + 2 < range.upperBound && bytes[index] == ASCII.colon
            && bytes[index + 1] == ASCII.slash && bytes[index + 2] == ASCII.slash
    }

    private func parseVersion(from start: Int) throws(ParseError) -> HTTPVersion {
        guard end - start == 8, bytes[start] == UInt8(ascii: "H"), bytes[start + 1] == UInt8(ascii: "T"),
              bytes[start + 2] == UInt8(ascii: "T"), bytes[start + 3] == UInt8(ascii: "P"),
              bytes[start + 4] == ASCII.slash,
              ASCII.isDigit(bytes[start + 5]), bytes[start + 6] == UInt8(ascii: "."),
              ASCII.isDigit(bytes[start + 7])
        else {
            throw ParseError(.badRequest, "malformed request line: invalid HTTP version")
        }
        let version = HTTPVersion(major: Int(bytes[start + 5] - 48), minor: Int(bytes[start + 7] - 48))
        guard version == .http1_1 || version == .http1_0 else {
            throw ParseError(.httpVersionNotSupported, "\(version) is not supported; use HTTP/1.1")
        }
        return version
    }
}
