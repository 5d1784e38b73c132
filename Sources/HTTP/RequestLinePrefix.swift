/// Checks the request line byte by byte as it arrives, so that input which cannot become one
/// (binary garbage, a TLS ClientHello, NUL bytes) is refused with 400 at once instead of being
/// buffered until the line limit (414) or the request time (408). It only refuses what
/// `RequestLine.parse` would refuse anyway, with the same words; the line's end (CR or LF) and
/// everything the shape alone cannot tell (the version number, the target's form) are left to it.
struct RequestLinePrefix {
    private enum Part {
        case method(length: Int)
        case target(length: Int)
        case version(length: Int)
        /// The line ended (or its end began): nothing more to check here.
        case done
    }

    private var part = Part.method(length: 0)
    /// Bytes of the line checked so far.
    private(set) var checked = 0

    var isDone: Bool {
        if case .done = part { return true }
        return false
    }

    /// Checks `bytes[checked...]`, the start of the request line as received so far.
    mutating func check(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) {
        while checked < bytes.count {
            let byte = bytes[checked]
            if byte == ASCII.cr || byte == ASCII.lf {
                part = .done   // line endings, empty lines and their errors are the scanner's
                return
            }
            switch part {
            case .method(let length):
                if ASCII.isTokenCharacter(byte) {
                    part = .method(length: length + 1)
                } else if byte == ASCII.space, length > 0 {
                    part = .target(length: 0)
                } else {
                    throw ParseError(.badRequest, "malformed request line: invalid method")
                }
            case .target(let length):
                if ASCII.isVisible(byte) {
                    part = .target(length: length + 1)
                } else if byte == ASCII.space, length > 0 {
                    part = .version(length: 0)
                } else {
                    throw ParseError(.badRequest, "malformed request line: invalid request target")
                }
            case .version(let length):
                guard length < RequestLinePrefix.versionShape.count,
                      RequestLinePrefix.fits(byte, RequestLinePrefix.versionShape[length]) else {
                    throw ParseError(.badRequest, "malformed request line: invalid HTTP version")
                }
                part = .version(length: length + 1)
            case .done:
                return
            }
            checked += 1
        }
    }

    /// `HTTP/d.d`, `0` standing for any digit.
    private static let versionShape = Array("HTTP/0.0".utf8)

    private static func fits(_ byte: UInt8, _ shape: UInt8) -> Bool {
        shape == UInt8(ascii: "0") ? ASCII.isDigit(byte) : byte == shape
    }
}
