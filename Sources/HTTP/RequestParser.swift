/// An incremental HTTP/1.1 request parser that does no I/O: feed it bytes as they arrive, in
/// pieces of any size, and take complete requests out in order. Every limit in `HTTPLimits` is
/// checked as soon as it can be, and every refusal is a `ParseError` carrying the status to
/// answer. After an error the parser stays failed: the connection must be answered and closed.
public struct RequestParser: Sendable {
    public enum Event: Sendable {
        /// The head of a request with `Expect: 100-continue` is in and its body has not started
        /// arriving: answer `HTTP/1.1 100 Continue` so the client sends it.
        case continueExpected
        case request(HTTPRequest)
    }

    private enum State {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
    }

    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// First byte not yet consumed; scanner offsets are relative to it.
    private var start = 0
    private var state = State.head
    private var head = HeadScanner()
    private var pending: HTTPRequest?
    private var body: [UInt8] = []
    private var failure: ParseError?

    /// Past this much retained capacity an empty buffer is given back instead of kept.
    private static let retainedCapacity = 64 * 1024

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether part of a request has arrived and the rest is awaited (for the request deadline).
    public var hasPartialRequest: Bool {
        if case .head = state { return buffer.count > start }
        return true
    }

    /// Bytes received and not yet consumed.
    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        guard failure == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next request (or 100-continue signal), nil when more bytes are needed.
    public mutating func next() throws(ParseError) -> Event? {
        if let failure { throw failure }
        do {
            return try advance()
        } catch {
            failure = error
            buffer = []
            body = []
            start = 0
            throw error
        }
    }

    private mutating func advance() throws(ParseError) -> Event? {
        while true {
            switch state {
            case .head:
                guard let event = try readHead() else { return nil }
                if let event { return event }
            case .fixedBody(let remaining):
                let take = min(remaining, buffer.count - start)
                body.append(contentsOf: buffer[start..<(start + take)])
                start += take
                if take < remaining {
                    state = .fixedBody(remaining: remaining - take)
                    return nil
                }
                return finishRequest()
            case .chunkSize:
                guard let size = try readChunkSizeLine() else { return nil }
                if size == 0 {
                    state = .trailers(bytes: 0)
                } else {
                    guard size <= limits.maxBodyBytes - body.count else { throw bodyTooLarge }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, buffer.count - start)
                body.append(contentsOf: buffer[start..<(start + take)])
                start += take
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard buffer.count - start >= 2 else { return nil }
                guard buffer[start] == ASCII.cr, buffer[start + 1] == ASCII.lf else {
                    throw ParseError(.badRequest, "chunk data not followed by CRLF")
                }
                start += 2
                state = .chunkSize
            case .trailers(let bytes):
                guard let finished = try readTrailerLine(seen: bytes) else { return nil }
                if finished { return finishRequest() }
            }
        }
    }

    /// Nil: more bytes needed. `.some(nil)`: progress without an event (a skipped empty line, or
    /// a head whose body follows). `.some(event)`: something for the caller.
    private mutating func readHead() throws(ParseError) -> Event?? {
        var scanner = head
        let limits = limits
        let start = start
        let outcome = try buffer.withUnsafeBufferPointer { all throws(ParseError) in
            try scanner.scan(UnsafeBufferPointer(rebasing: all[start...]), limits: limits)
        }
        head = scanner
        switch outcome {
        case .needMore:
            return nil
        case .skip(let count):
            self.start += count
            return .some(nil)
        case .complete(let length, let requestLineEnd):
            let parsed = try buffer.withUnsafeBufferPointer { all throws(ParseError) in
                try RequestHead.parse(UnsafeBufferPointer(rebasing: all[start..<(start + length)]),
                                      requestLineEnd: requestLineEnd, limits: limits)
            }
            self.start += length
            head = HeadScanner()
            pending = parsed.request
            switch parsed.framing {
            case .none, .length(0):
                return .some(finishRequest())
            case .length(let length):
                body.reserveCapacity(min(length, RequestParser.retainedCapacity))
                state = .fixedBody(remaining: length)
            case .chunked:
                state = .chunkSize
            }
            if parsed.expectsContinue, self.start == buffer.count {
                return .some(.continueExpected)
            }
            return .some(nil)
        }
    }

    private mutating func readChunkSizeLine() throws(ParseError) -> Int? {
        guard let line = try nextLine(maxLength: ChunkLine.maxSizeLineBytes,
                                      tooLong: ParseError(.badRequest, "chunk size line too long")) else {
            return nil
        }
        return try buffer.withUnsafeBufferPointer { all throws(ParseError) in
            try ChunkLine.size(UnsafeBufferPointer(rebasing: all[line]))
        }
    }

    /// True when the empty line ending the trailers was read; trailer fields themselves are dropped.
    private mutating func readTrailerLine(seen: Int) throws(ParseError) -> Bool? {
        let budget = limits.maxHeaderBytes - seen
        // The empty line ending the trailers is not counted, as for the head.
        guard let line = try nextLine(maxLength: max(0, budget - 2), tooLong: trailersTooLarge) else { return nil }
        if line.isEmpty { return true }
        if ASCII.isWhitespace(buffer[line.lowerBound]) {
            throw ParseError(.badRequest, "obsolete line folding in trailers is not allowed")
        }
        state = .trailers(bytes: seen + line.count + 2)
        return false
    }

    /// Consumes the next CRLF-terminated line and returns its content range (absolute), or nil
    /// when it has not fully arrived. Refuses a line that can no longer fit in `maxLength`.
    private mutating func nextLine(maxLength: Int, tooLong: ParseError) throws(ParseError) -> Range<Int>? {
        guard let lf = buffer[start...].firstIndex(of: ASCII.lf) else {
            // The unfinished line may still be one CR short of its end.
            if buffer.count - start > maxLength + 1 { throw tooLong }
            return nil
        }
        // The same limit before the line ending: the answer must not depend on whether the LF
        // arrived in the same read.
        if lf - start > maxLength + 1 { throw tooLong }
        guard lf > start, buffer[lf - 1] == ASCII.cr else {
            throw ParseError(.badRequest, "lines must end with CRLF")
        }
        let line = start..<(lf - 1)
        if line.count > maxLength { throw tooLong }
        start = lf + 1
        return line
    }

    private mutating func finishRequest() -> Event {
        var request = pending.take()!
        swap(&request.body, &body)
        state = .head
        return .request(request)
    }

    private var bodyTooLarge: ParseError {
        ParseError(.contentTooLarge, "request body larger than \(limits.maxBodyBytes) bytes")
    }

    private var trailersTooLarge: ParseError {
        ParseError(.requestHeaderFieldsTooLarge, "trailer section larger than \(limits.maxHeaderBytes) bytes")
    }

    /// Drops consumed bytes before new ones are appended, keeping the buffer's memory for reuse
    /// unless a large request made it grow.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == buffer.count {
            if buffer.capacity > RequestParser.retainedCapacity {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            start = 0
        } else if start >= 4096, start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }
}
