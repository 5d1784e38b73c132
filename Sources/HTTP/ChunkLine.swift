/// The lines of a chunked body (RFC 9112 §7.1): `chunk-size [; extensions] CRLF` before each
/// chunk, and the trailer section after the last one. Extensions are checked and ignored,
/// trailers skipped. The size line is read strictly: a byte the grammar does not allow is 400,
/// because a lenient reading is where a proxy in front of us and we could disagree on where the
/// body ends.
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
        guard index == line.count || line[index] == ASCII.semicolon || ASCII.isWhitespace(line[index]) else {
            throw ParseError(.badRequest, "invalid chunk size")
        }
        try checkExtensions(line, from: index)
        return size
    }

    /// `*( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )` up to the end of the line.
    /// Whitespace is allowed only next to `;` and `=`, so none may end the line.
    private static func checkExtensions(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws(ParseError) {
        var index = start
        while true {
            let beforeSpace = index
            index = skipWhitespace(line, from: index)
            if index == line.count {
                guard index == beforeSpace else { throw malformed("whitespace at the end of a chunk size line") }
                return
            }
            guard line[index] == ASCII.semicolon else { throw malformed("invalid chunk extension") }
            index = skipWhitespace(line, from: index + 1)
            let nameStart = index
            index = skipToken(line, from: index)
            guard index > nameStart else { throw malformed("chunk extension without a name") }
            let afterName = index
            index = skipWhitespace(line, from: index)
            guard index < line.count, line[index] == ASCII.equals else {
                index = afterName   // no value: the loop looks at what follows the name
                continue
            }
            index = skipWhitespace(line, from: index + 1)
            if index < line.count, line[index] == ASCII.quote {
                index = try skipQuotedString(line, from: index + 1)
            } else {
                let valueStart = index
                index = skipToken(line, from: index)
                guard index > valueStart else { throw malformed("chunk extension without a value after '='") }
            }
        }
    }

    /// From just after the opening quote to just after the closing one (RFC 9110 §5.6.4).
    private static func skipQuotedString(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int
    ) throws(ParseError) -> Int {
        var index = start
        while index < line.count {
            let byte = line[index]
            if byte == ASCII.quote { return index + 1 }
            if byte == ASCII.backslash {
                guard index + 1 < line.count, ASCII.isFieldValueCharacter(line[index + 1]) else { break }
                index += 2
                continue
            }
            guard ASCII.isFieldValueCharacter(byte) else {
                throw malformed("invalid character in chunk extension")
            }
            index += 1
        }
        throw malformed("unterminated quoted value in chunk extension")
    }

    private static func skipWhitespace(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < line.count, ASCII.isWhitespace(line[index]) { index += 1 }
        return index
    }

    private static func skipToken(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < line.count, ASCII.isTokenCharacter(line[index]) { index += 1 }
        return index
    }

    private static func malformed(_ message: String) -> ParseError {
        ParseError(.badRequest, message)
    }
}
