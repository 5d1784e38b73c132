/// Finds the end of a request head in bytes that arrive in pieces, enforcing the size limits
/// while it looks, so an oversized head is refused without waiting for the rest of it.
/// Offsets are relative to the first byte of the request; scanning resumes where it stopped,
/// so feeding a head byte by byte costs the same as feeding it at once.
struct HeadScanner {
    enum Outcome {
        case needMore
        /// An empty line before the request line (RFC 9112 §2.2 says to ignore it): drop these bytes.
        case skip(Int)
        /// The head is complete and `length` bytes long (final CRLF included).
        case complete(length: Int, requestLineEnd: Int)
    }

    private var scanned = 0
    private var lineStart = 0
    /// Offset of the CR that ends the request line, once seen.
    private var requestLineEnd = -1
    private var fieldCount = 0
    /// The request line checked as it arrives: what cannot become one is refused at once.
    private var requestLine = RequestLinePrefix()

    var hasSeenRequestLine: Bool { requestLineEnd >= 0 }

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, limits: HTTPLimits) throws(ParseError) -> Outcome {
        if !requestLine.isDone {
            // Bytes past the line limit are the 414's, below.
            try requestLine.check(UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, limits.maxRequestLineBytes)]))
        }
        var index = scanned
        while index < bytes.count {
            guard bytes[index] == ASCII.lf else {
                index += 1
                continue
            }
            // Limits before the line ending: in pieces, a line this long would have been refused
            // before its LF arrived, and the answer must not depend on how the bytes were split.
            try checkUnfinished(length: index, limits)
            guard index > lineStart, bytes[index - 1] == ASCII.cr else {
                throw ParseError(.badRequest, "lines must end with CRLF")
            }
            let contentEnd = index - 1
            if requestLineEnd < 0 {
                if contentEnd == lineStart {
                    self = HeadScanner()
                    return .skip(index + 1)
                }
                if contentEnd > limits.maxRequestLineBytes {
                    throw HeadScanner.requestLineTooLong(limits)
                }
                requestLineEnd = contentEnd
            } else if contentEnd == lineStart {
                return .complete(length: index + 1, requestLineEnd: requestLineEnd)
            } else {
                fieldCount += 1
                if fieldCount > limits.maxHeaderCount {
                    throw ParseError(.requestHeaderFieldsTooLarge,
                                     "more than \(limits.maxHeaderCount) header fields")
                }
                if index + 1 - (requestLineEnd + 2) > limits.maxHeaderBytes {
                    throw HeadScanner.headerTooLarge(limits)
                }
            }
            lineStart = index + 1
            index += 1
        }
        scanned = index
        try checkUnfinished(length: bytes.count, limits)
        return .needMore
    }

    /// Refuses a head whose first `length` bytes, the last line unfinished, are already over a
    /// limit. An unfinished line may still be one CR short of its end; anything longer is over.
    private func checkUnfinished(length: Int, _ limits: HTTPLimits) throws(ParseError) {
        if requestLineEnd < 0 {
            if length > limits.maxRequestLineBytes + 1 { throw HeadScanner.requestLineTooLong(limits) }
        } else if length - (requestLineEnd + 2) > limits.maxHeaderBytes + 1 {
            throw HeadScanner.headerTooLarge(limits)
        }
    }

    private static func requestLineTooLong(_ limits: HTTPLimits) -> ParseError {
        ParseError(.uriTooLong, "request line longer than \(limits.maxRequestLineBytes) bytes")
    }

    private static func headerTooLarge(_ limits: HTTPLimits) -> ParseError {
        ParseError(.requestHeaderFieldsTooLarge, "header section larger than \(limits.maxHeaderBytes) bytes")
    }
}
