/// Reads header field lines one at a time and remembers what decides the framing of the body
/// (Content-Length, Transfer-Encoding) and whether the client expects `100 Continue`.
struct FieldReader {
    private(set) var expectsContinue = false
    private var contentLength: Int?
    private var contentLengthInvalid = false
    private var contentLengthConflict = false
    private var hasTransferEncoding = false
    private var chunkedCount = 0
    private var chunkedIsLast = false
    private var unsupportedCoding: String?

    /// Validates one field line (`name: value`, no CRLF) and returns its name and trimmed value.
    mutating func read(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) throws(ParseError) -> (name: String, value: String) {
        let first = bytes[line.lowerBound]
        if ASCII.isWhitespace(first) {
            throw ParseError(.badRequest, "obsolete line folding in headers is not allowed")
        }
        var index = line.lowerBound
        while index < line.upperBound, ASCII.isTokenCharacter(bytes[index]) { index += 1 }
        guard index < line.upperBound, bytes[index] == ASCII.colon, index > line.lowerBound else {
            if index < line.upperBound, ASCII.isWhitespace(bytes[index]) {
                throw ParseError(.badRequest, "whitespace between header name and colon")
            }
            throw ParseError(.badRequest, "invalid header name")
        }
        let name = UnsafeBufferPointer(rebasing: bytes[line.lowerBound..<index])
        let value = ASCII.trimmed(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<line.upperBound]))
        for byte in value where !ASCII.isFieldValueCharacter(byte) {
            throw ParseError(.badRequest, "invalid character in header value")
        }
        inspect(name: name, value: value)
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    private mutating func inspect(name: UnsafeBufferPointer<UInt8>, value: Slice<UnsafeBufferPointer<UInt8>>) {
        switch name.count {
        case 14 where ASCII.equalsLowercase(name, "content-length"):
            readContentLength(value)
        case 17 where ASCII.equalsLowercase(name, "transfer-encoding"):
            hasTransferEncoding = true
            readTransferCodings(value)
        case 6 where ASCII.equalsLowercase(name, "expect"):
            if ASCII.equalsLowercase(value, "100-continue") { expectsContinue = true }
        default:
            break
        }
    }

    /// `Content-Length: 5` or the list form `5, 5`; every element must be the same number.
    private mutating func readContentLength(_ value: Slice<UnsafeBufferPointer<UInt8>>) {
        var sawElement = false
        ASCII.forEachListElement(value) { element in
            sawElement = true
            var number = 0
            for byte in element {
                guard ASCII.isDigit(byte) else {
                    contentLengthInvalid = true
                    return
                }
                let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 48))
                if overflow1 || overflow2 {
                    contentLengthInvalid = true
                    return
                }
                number = sum
            }
            if let existing = contentLength, existing != number { contentLengthConflict = true }
            contentLength = number
        }
        if !sawElement { contentLengthInvalid = true }
    }

    private mutating func readTransferCodings(_ value: Slice<UnsafeBufferPointer<UInt8>>) {
        var sawElement = false
        ASCII.forEachListElement(value) { element in
            sawElement = true
            // Only `chunked` itself: it takes no parameters, and `chunked;x=1` is a coding we
            // do not implement rather than one to guess at.
            if ASCII.equalsLowercase(element, "chunked") {
                chunkedCount += 1
                chunkedIsLast = true
            } else {
                chunkedIsLast = false
                if unsupportedCoding == nil { unsupportedCoding = String(decoding: element, as: UTF8.self) }
            }
        }
        if !sawElement { chunkedIsLast = false }
    }

    /// Decides the framing once every field is read, refusing anything ambiguous.
    func framing(limits: HTTPLimits) throws(ParseError) -> BodyFraming {
        if hasTransferEncoding {
            if contentLength != nil || contentLengthInvalid {
                throw ParseError(.badRequest, "both Content-Length and Transfer-Encoding are present")
            }
            if let unsupportedCoding {
                throw ParseError(.notImplemented, "transfer coding '\(unsupportedCoding)' is not supported")
            }
            guard chunkedCount == 1, chunkedIsLast else {
                throw ParseError(.badRequest, "chunked must be the last and only transfer coding")
            }
            return .chunked
        }
        if contentLengthInvalid {
            throw ParseError(.badRequest, "invalid Content-Length")
        }
        if contentLengthConflict {
            throw ParseError(.badRequest, "conflicting Content-Length values")
        }
        guard let contentLength else { return .none }
        if contentLength > limits.maxBodyBytes {
            throw ParseError(.contentTooLarge, "request body larger than \(limits.maxBodyBytes) bytes")
        }
        return .length(contentLength)
    }
}
