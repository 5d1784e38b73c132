/// Turns byte offsets into 1-based lines and columns, moving forward only, so locating every
/// value of a document costs one pass over it. Columns count Unicode scalars: a byte that is not
/// a UTF-8 continuation byte starts a new column.
struct TextCursor {
    private(set) var offset = 0
    private(set) var line = 1
    private(set) var column = 1

    /// Moves to `target` (which must not be behind the cursor) and returns its line and column.
    mutating func advance(to target: Int, in text: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var index = offset
        while index < target {
            let byte = text[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        offset = target
        return (line, column)
    }

    /// The line and column of `offset`, counted from the start of `text`.
    static func locate(_ offset: Int, in text: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var cursor = TextCursor()
        return cursor.advance(to: min(offset, text.count), in: text)
    }
}
