extension HTTPResponse {
    /// How the server frames one response on the wire.
    public struct Framing: Sendable {
        /// Echoed as `X-Request-Id` when not empty.
        public var requestID: String
        /// Writes `Connection: close` (the server closes after this response).
        public var close: Bool
        /// HTTP/1.0 clients need `Connection: keep-alive` to keep the connection.
        public var announceKeepAlive: Bool
        /// False for HEAD: the headers (and Content-Length) of the GET, no body.
        public var includeBody: Bool

        public init(requestID: String = "", close: Bool = false, announceKeepAlive: Bool = false,
                    includeBody: Bool = true) {
            self.requestID = requestID
            self.close = close
            self.announceKeepAlive = announceKeepAlive
            self.includeBody = includeBody
        }
    }

    /// Whether the handler asked for the connection to be closed (`Connection: close`).
    public var requestsClose: Bool {
        headers.fields.contains {
            ASCII.equalsIgnoringCase($0.name, "connection") && ASCII.list($0.value, containsToken: "close")
        }
    }

    /// Appends the status line, headers and body to `out`, which the caller reuses between
    /// responses so serializing allocates nothing once the buffer has grown.
    /// Framing headers set by the handler (Content-Length, Transfer-Encoding, Connection) are
    /// replaced by the server's own; CR and LF in header values are written as spaces so a
    /// handler can never split the response.
    public func serialize(into out: inout [UInt8], framing: Framing) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendStatusCode(status.code, to: &out)
        out.append(ASCII.space)
        out.append(contentsOf: status.reasonPhrase.utf8)
        out.append(contentsOf: "\r\n".utf8)
        var hasRequestID = false
        for field in headers.fields {
            if isFramingHeader(field.name) { continue }
            if ASCII.equalsIgnoringCase(field.name, "x-request-id") { hasRequestID = true }
            appendHeader(field.name, field.value, to: &out)
        }
        if status.allowsBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !framing.requestID.isEmpty, !hasRequestID {
            appendHeader("X-Request-Id", framing.requestID, to: &out)
        }
        if framing.close {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if framing.announceKeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if framing.includeBody, status.allowsBody {
            out.append(contentsOf: body)
        }
    }

    /// The whole response as bytes (tests and one-off writes).
    public func serialized(framing: Framing = Framing()) -> [UInt8] {
        var out: [UInt8] = []
        serialize(into: &out, framing: framing)
        return out
    }

    private func isFramingHeader(_ name: String) -> Bool {
        ASCII.equalsIgnoringCase(name, "content-length") || ASCII.equalsIgnoringCase(name, "connection")
            || ASCII.equalsIgnoringCase(name, "transfer-encoding")
    }

    private func appendHeader(_ name: String, _ value: String, to out: inout [UInt8]) {
        for byte in name.utf8 where byte != ASCII.cr && byte != ASCII.lf && byte != ASCII.colon {
            out.append(byte)
        }
        out.append(contentsOf: ": ".utf8)
        for byte in value.utf8 {
            out.append(byte == ASCII.cr || byte == ASCII.lf ? ASCII.space : byte)
        }
        out.append(contentsOf: "\r\n".utf8)
    }

    private func appendStatusCode(_ code: Int, to out: inout [UInt8]) {
        let clamped = min(max(code, 100), 999)
        out.append(UInt8(48 + clamped / 100))
        out.append(UInt8(48 + clamped / 10 % 10))
        out.append(UInt8(48 + clamped % 10))
    }

    private func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(48 + value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while remaining > 0 {
                buffer[count] = UInt8(48 + remaining % 10)
                remaining /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                out.append(buffer[count])
            }
        }
    }
}
