/// Why a text is not acceptable JSON, and where: 1-based line and column, columns counted in
/// Unicode scalars (so a CJK character is one column). `offset` is the 0-based byte offset.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public let offset: Int

    public init(line: Int, column: Int, message: String, offset: Int = 0) {
        self.line = line
        self.column = column
        self.message = message
        self.offset = offset
    }

    /// "line 3, column 7: expected ',' or '}'"
    public var description: String { "line \(line), column \(column): \(message)" }
}
