/// The lines of a chunked body (RFC 9112 §7.1): `chunk-size [; extensions] CRLF` before each
/// chunk, and the trailer section after the last one. Extensions are ignored, trailers skipped.
enum ChunkLine {
    /// Longest chunk-size line (size plus extensions) we are willing to buffer.
    static let maxSizeLineBytes = 4096

    /// Parses `1a;name=value` (no CRLF) into the chunk size.
    static func size(_ line: UnsafeBufferPointer<UInt8>) throws(ParseError) -> Int {
        var index = 0
        var size = 0
        while index < line.count, let digit = ASCII.hexValue(line[index]) {
            guard size < (Int.max >> 4) else {
                throw ParseError(.badRequest, "chunk size too large")
            }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > 0 else { throw ParseError(.badRequest, "invalid chunk size") }
        while index < line.count, ASCII.isWhitespace(line[index]) { index += 1 }
        guard index == line.count || line[index] == ASCII.semicolon else {
            throw ParseError(.badRequest, "invalid chunk size")
        }
        for byte in line[index...] where !ASCII.isFieldValueCharacter(byte) {
            throw ParseError(.badRequest, "invalid character in chunk extension")
        }
        return size
    }
}
