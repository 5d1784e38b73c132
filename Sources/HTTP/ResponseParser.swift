/// Reads one HTTP/1.1 answer (RFC 9112) from bytes that arrive in pieces: the client side of our
/// own wire protocol, used to read provider answers. Interim 1xx answers are skipped; the body is
/// framed by `Content-Length`, by chunked coding or by the end of the connection, in that order of
/// preference. Limits are enforced while reading, so an endless head or body is refused early.
public struct ResponseParser {
    /// How big an answer may get before it is refused. Provider answers are a few hundred bytes.
    public struct Limits: Sendable, Equatable {
        public var maxHeadBytes: Int
        public var maxBodyBytes: Int
        /// What a body over `maxBodyBytes` gets: refused (the answer is an error), or cut — the
        /// answer ends after its first `maxBodyBytes` bytes, marked `bodyCut`, and the connection
        /// is not reused (the rest is never read).
        public var cutsLongBody: Bool

        public init(maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 8 * 1024 * 1024, cutsLongBody: Bool = false) {
            self.maxHeadBytes = maxHeadBytes
            self.maxBodyBytes = maxBodyBytes
            self.cutsLongBody = cutsLongBody
        }
    }

    private enum State {
        case head
        case body(remaining: Int)
        case chunkSizeLine
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    private let limits: Limits
    /// A HEAD request's answer has no body whatever its head says.
    private let requestWasHead: Bool
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already consumed.
    private var position = 0
    /// Where the search for the end of the head resumes.
    private var headScanned = 0
    private var state = State.head
    private var status = 0
    private var headers = HTTPHeaders()
    private var keepAlive = false
    private var body: [UInt8] = []
    private var bodyCut = false
    private var trailerBytes = 0

    public init(requestMethod: String = "POST", limits: Limits = Limits()) {
        self.limits = limits
        requestWasHead = requestMethod == "HEAD"
    }

    /// Feeds the next bytes; returns the answer once it is complete. Bytes after the answer are
    /// ignored (a provider does not pipeline answers to a request it was not sent).
    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(ResponseError) -> HTTPClientResponse? {
        if case .done = state { return answer }
        buffer.append(contentsOf: bytes)
        defer { compact() }
        return try advance()
    }

    /// The connection ended: completes an answer framed by the end of the connection, and is an
    /// error for any other answer still unfinished.
    public mutating func endOfInput() throws(ResponseError) -> HTTPClientResponse {
        switch state {
        case .done:
            return answer
        case .untilClose:
            state = .done
            return answer
        case .head where buffer.count == position && status == 0:
            throw ResponseError("the connection closed before an answer")
        default:
            throw ResponseError("the connection closed in the middle of the answer")
        }
    }

    private var answer: HTTPClientResponse {
        HTTPClientResponse(status: status, headers: headers, body: body, keepAlive: keepAlive, bodyCut: bodyCut)
    }

    private mutating func advance() throws(ResponseError) -> HTTPClientResponse? {
        while true {
            switch state {
            case .head:
                // The same limit whether the head arrived whole or in pieces: its length up to
                // and including the empty line, or what has arrived of it so far.
                let end = lineBlockEnd()
                guard (end ?? buffer.count) - position <= limits.maxHeadBytes else {
                    throw ResponseError("the answer's head is larger than \(limits.maxHeadBytes) bytes")
                }
                guard let end else { return nil }
                try readHead(buffer[position..<end])
                position = end
                headScanned = end
            case .body(let remaining):
                let missing = takeBody(remaining)
                guard missing == 0 else {
                    state = .body(remaining: missing)
                    return nil
                }
                state = .done
            case .chunkSizeLine:
                guard let line = try nextLine(limit: 4096, what: "chunk size line") else { return nil }
                let size: Int
                do {
                    size = try line.withUnsafeBufferPointer { pointer throws(ParseError) in try ChunkLine.size(pointer) }
                } catch {
                    throw ResponseError("invalid chunk size in the answer")
                }
                if body.count + size > limits.maxBodyBytes {
                    try cutBody()
                    state = .chunkData(remaining: limits.maxBodyBytes - body.count)
                } else {
                    state = size == 0 ? .trailers : .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let missing = takeBody(remaining)
                guard missing == 0 else {
                    state = .chunkData(remaining: missing)
                    return nil
                }
                state = bodyCut ? .done : .chunkDataEnd
            case .chunkDataEnd:
                // CRLF (or a bare LF) must follow the chunk's bytes at once.
                guard position < buffer.count else { return nil }
                if buffer[position] == ASCII.cr {
                    guard position + 1 < buffer.count else { return nil }
                    position += 1
                }
                guard buffer[position] == ASCII.lf else {
                    throw ResponseError("a chunk of the answer is longer than its size")
                }
                position += 1
                state = .chunkSizeLine
            case .trailers:
                guard let line = try nextLine(limit: limits.maxHeadBytes, what: "trailer") else { return nil }
                trailerBytes += line.count
                guard trailerBytes <= limits.maxHeadBytes else {
                    throw ResponseError("the answer's trailers are larger than \(limits.maxHeadBytes) bytes")
                }
                if line.isEmpty { state = .done }
            case .untilClose:
                body.append(contentsOf: buffer[position...])
                position = buffer.count
                if body.count > limits.maxBodyBytes {
                    try cutBody()
                    body.removeLast(body.count - limits.maxBodyBytes)
                    state = .done
                    return answer
                }
                return nil
            case .done:
                return answer
            }
        }
    }

    /// Moves up to `count` buffered bytes into the body; returns how many are still to come.
    private mutating func takeBody(_ count: Int) -> Int {
        let take = min(count, buffer.count - position)
        body.append(contentsOf: buffer[position..<position + take])
        position += take
        return count - take
    }

    private var bodyTooLarge: ResponseError {
        ResponseError("the answer's body is larger than \(limits.maxBodyBytes) bytes")
    }

    /// A body grew past `maxBodyBytes`: refused, or (`cutsLongBody`) marked cut and the
    /// connection given up, since the rest of the body is never read from it.
    private mutating func cutBody() throws(ResponseError) {
        guard limits.cutsLongBody else { throw bodyTooLarge }
        bodyCut = true
        keepAlive = false
    }

    /// The offset just past the empty line that ends a head (CRLF CRLF, or bare LFs, which
    /// RFC 9112 §2.2 lets a recipient accept), or nil when it has not arrived. Resumes where the
    /// last search stopped, so a head trickling in byte by byte is not searched from its start
    /// each time.
    private mutating func lineBlockEnd() -> Int? {
        var index = max(position, headScanned)
        defer { headScanned = max(position, min(index, buffer.count) - 2) }
        while index < buffer.count {
            if buffer[index] == ASCII.lf {
                if index + 1 < buffer.count, buffer[index + 1] == ASCII.lf { return index + 2 }
                if index + 2 < buffer.count, buffer[index + 1] == ASCII.cr, buffer[index + 2] == ASCII.lf {
                    return index + 3
                }
            }
            index += 1
        }
        return nil
    }

    /// The next line without its CRLF (or LF), consuming it; nil until its LF arrives. A line
    /// longer than `limit` is refused the same way whether it arrived whole or in pieces.
    private mutating func nextLine(limit: Int, what: String) throws(ResponseError) -> [UInt8]? {
        let tooLong = ResponseError("the answer's \(what) is too long")
        guard let lf = buffer[position...].firstIndex(of: ASCII.lf) else {
            // Unfinished: its last byte may yet be the CR of its CRLF.
            if buffer.count - position > limit + 1 { throw tooLong }
            return nil
        }
        var end = lf
        if end > position, buffer[end - 1] == ASCII.cr { end -= 1 }
        guard end - position <= limit else { throw tooLong }
        let line = Array(buffer[position..<end])
        position = lf + 1
        return line
    }

    private mutating func readHead(_ head: ArraySlice<UInt8>) throws(ResponseError) {
        var lines = head.split(separator: ASCII.lf, omittingEmptySubsequences: false).map { line in
            line.last == ASCII.cr ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let statusLine = lines.first else { throw ResponseError("the answer has no status line") }
        let (version, code) = try Self.statusLine(statusLine)
        var fields = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let first = line.first, !ASCII.isWhitespace(first) else {
                throw ResponseError("the answer has a folded or empty header line")
            }
            guard let colon = line.firstIndex(of: ASCII.colon), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(ASCII.isTokenCharacter) else {
                throw ResponseError("the answer has a malformed header line")
            }
            let value = ASCII.trimmed(line[(colon + 1)...])
            guard value.allSatisfy(ASCII.isFieldValueCharacter) else {
                throw ResponseError("the answer has a control character in a header value")
            }
            fields.add(name: String(decoding: line[line.startIndex..<colon], as: UTF8.self),
                       value: String(decoding: value, as: UTF8.self))
        }
        if code >= 100 && code < 200 {
            // 100 Continue, 102, 103: interim; the real answer follows. 101 would switch protocols,
            // which we never ask for.
            guard code != 101 else { throw ResponseError("the server switched protocols (101)") }
            return
        }
        status = code
        headers = fields
        let connection = fields.values(for: "Connection").joined(separator: ",")
        keepAlive = version == 1
            ? !ASCII.list(connection, containsToken: "close")
            : ASCII.list(connection, containsToken: "keep-alive")
        state = try bodyFraming(fields)
    }

    /// `HTTP/1.x NNN reason`: the minor version and the status code.
    private static func statusLine(_ line: ArraySlice<UInt8>) throws(ResponseError) -> (Int, Int) {
        let prefix: [UInt8] = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix) else {
            throw ResponseError("the answer is not HTTP/1.x")
        }
        let start = line.startIndex
        let minor = line[start + 7]
        guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"), line[start + 8] == ASCII.space,
              line[(start + 9)..<(start + 12)].allSatisfy(ASCII.isDigit),
              line.count == 12 || line[start + 12] == ASCII.space else {
            throw ResponseError("the answer has a malformed status line")
        }
        let code = line[(start + 9)..<(start + 12)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard code >= 100 else { throw ResponseError("the answer has a malformed status line") }
        return (Int(minor - 0x30), code)
    }

    /// RFC 9112 §6.3, for a client: no body for HEAD, 204 and 304; chunked when the last coding
    /// is chunked; else Content-Length; else the body runs to the end of the connection.
    private mutating func bodyFraming(_ fields: HTTPHeaders) throws(ResponseError) -> State {
        if requestWasHead || status == 204 || status == 304 { return .done }
        let codings = fields.values(for: "Transfer-Encoding")
        if !codings.isEmpty {
            let last = codings.joined(separator: ",").split(separator: ",").last.map {
                $0.trimmingASCIIWhitespace().lowercased()
            }
            if last == "chunked" { return .chunkSizeLine }
            keepAlive = false
            return .untilClose
        }
        let lengths = Set(fields.values(for: "Content-Length").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace() })
        guard let length = lengths.first else {
            keepAlive = false
            return .untilClose
        }
        guard lengths.count == 1, !length.isEmpty, length.utf8.count <= 18, length.utf8.allSatisfy(ASCII.isDigit),
              let count = Int(length) else {
            throw ResponseError("the answer has an invalid Content-Length")
        }
        guard count <= limits.maxBodyBytes else {
            try cutBody()
            return limits.maxBodyBytes == 0 ? .done : .body(remaining: limits.maxBodyBytes)
        }
        return count == 0 ? .done : .body(remaining: count)
    }

    /// Drops consumed bytes once they are most of the buffer, so a long body is not copied per read.
    private mutating func compact() {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if position > 4096, position * 2 > buffer.count {
            buffer.removeSubrange(..<position)
        } else {
            return
        }
        headScanned = max(headScanned - position, 0)
        position = 0
    }
}

/// A whole answer read by `ResponseParser`.
public struct HTTPClientResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Whether the connection may carry another request after this answer.
    public var keepAlive: Bool
    /// Whether `body` is only the first `maxBodyBytes` of a longer one (`Limits.cutsLongBody`).
    public var bodyCut: Bool

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], keepAlive: Bool, bodyCut: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
        self.bodyCut = bodyCut
    }
}

/// Why an answer could not be read. The message never quotes the answer's bytes: a provider
/// error page may echo the request, credentials included.
public struct ResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

private extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        String(decoding: ASCII.trimmed(Array(utf8)[...]), as: UTF8.self)
    }
}
