/// The rows a statement answered, copied out of libpq (its result is freed at once), in the text
/// format: every value is read as the type the caller asks for.
public struct PostgresRows: Sendable, RandomAccessCollection {
    public let columns: [String]
    /// Rows an INSERT, UPDATE or DELETE touched; 0 for other statements.
    public let affected: Int
    let values: [[String?]]

    init(columns: [String], values: [[String?]], affected: Int) {
        self.columns = columns
        self.values = values
        self.affected = affected
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(row: Int) -> PostgresRow { PostgresRow(columns: columns, values: values[row]) }
}

/// One row. A column is read by position or by name; every reader answers nil for NULL (and for a
/// value that is not of the type asked for).
public struct PostgresRow: Sendable {
    let columns: [String]
    let values: [String?]

    public func text(_ column: Int) -> String? { values[column] }
    public func int(_ column: Int) -> Int? { text(column).flatMap { Int($0) } }
    public func double(_ column: Int) -> Double? { text(column).flatMap(Self.double) }
    public func bool(_ column: Int) -> Bool? {
        switch text(column) {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }
    /// A bytea in its text form (`\x` and hex digits, the server's default output).
    public func bytes(_ column: Int) -> [UInt8]? { text(column).flatMap(Self.bytea) }
    /// Whether the value is NULL.
    public func isNull(_ column: Int) -> Bool { values[column] == nil }

    public func text(_ name: String) -> String? { index(of: name).flatMap { text($0) } }
    public func int(_ name: String) -> Int? { index(of: name).flatMap { int($0) } }
    public func double(_ name: String) -> Double? { index(of: name).flatMap { double($0) } }
    public func bool(_ name: String) -> Bool? { index(of: name).flatMap { bool($0) } }
    public func bytes(_ name: String) -> [UInt8]? { index(of: name).flatMap { bytes($0) } }

    private func index(of name: String) -> Int? { columns.firstIndex(of: name) }

    /// float8's text form, with its spellings of the special values.
    private static func double(_ text: String) -> Double? {
        switch text {
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    private static func bytea(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            return nil
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
