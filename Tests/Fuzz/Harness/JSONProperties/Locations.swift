import FuzzSupport
import JSON

/// Checks the lines and columns the parser reports against a count made here, independently.
enum Locations {
    /// Values and keys in document order start at strictly increasing (line, column) places.
    static func checkIncreasing(_ node: JSONNode, after previous: inout (line: Int, column: Int)) {
        step(to: (node.line, node.column), from: &previous)
        switch node.kind {
        case .array(let elements):
            for element in elements { checkIncreasing(element, after: &previous) }
        case .object(let members):
            for member in members {
                step(to: (member.keyLine, member.keyColumn), from: &previous)
                checkIncreasing(member.value, after: &previous)
            }
        default:
            break
        }
    }

    private static func step(to place: (line: Int, column: Int), from previous: inout (line: Int, column: Int)) {
        check(place.line >= 1 && place.column >= 1, "location \(place)")
        check(place > previous, "location \(place) not after \(previous)")
        previous = place
    }

    /// The error's line and column are those of its byte offset: lines after each LF, columns
    /// counting every byte that does not continue a UTF-8 sequence.
    static func checkError(_ error: JSONError, in bytes: UnsafeBufferPointer<UInt8>) {
        check(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) of \(bytes.count) bytes")
        check(!error.message.isEmpty, "error without a message")
        var line = 1
        var column = 1
        for byte in bytes[..<min(error.offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        check(error.line == line && error.column == column,
              "error at offset \(error.offset) says line \(error.line) column \(error.column), counted \(line):\(column)")
    }
}
