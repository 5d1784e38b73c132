/// A strict RFC 8259 recursive-descent parser over bytes in memory.
///
/// Recursion is bounded by `JSON.maxDepth`, so hostile nesting is an error, never a stack
/// overflow. Containers collect their children on shared stacks (which start on the call stack)
/// and move them out at their exact number, so a container costs one allocation. Line and column
/// are computed only when an error is thrown (or, for `NodeBuilder`, in one forward pass).
struct Parser<Builder: TreeBuilder>: ~Copyable {
    let text: UnsafeBufferPointer<UInt8>
    var position = 0
    var builder: Builder
    var depth = 0
    var elementStack: ChildStack<Builder.Node>
    var memberStack: ChildStack<Builder.Member>
    /// Reused for strings with escapes, which cannot be sliced straight from the input.
    var scratch: [UInt8] = []

    init(
        text: UnsafeBufferPointer<UInt8>, builder: Builder,
        elements: UnsafeMutableBufferPointer<Builder.Node>, members: UnsafeMutableBufferPointer<Builder.Member>
    ) {
        self.text = text
        self.builder = builder
        elementStack = ChildStack(startingIn: elements)
        memberStack = ChildStack(startingIn: members)
    }

    /// Parses `text` whole, with the first children stacks on the call stack.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, builder: Builder) -> Result<Builder.Node, JSONError> {
        withUnsafeTemporaryAllocation(of: Builder.Node.self, capacity: 16) { elements in
            withUnsafeTemporaryAllocation(of: Builder.Member.self, capacity: 16) { members in
                var parser = Parser(text: text, builder: builder, elements: elements, members: members)
                do throws(JSONError) {
                    return .success(try parser.parseDocument())
                } catch {
                    return .failure(error)
                }
            }
        }
    }

    mutating func parseDocument() throws(JSONError) -> Builder.Node {
        if text.isEmpty { throw error("empty input", at: 0) }
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF {
            throw error("byte order mark (U+FEFF) before the value: save the text as UTF-8 without BOM", at: 0)
        }
        let value = try parseValue()
        skipWhitespace()
        if position < text.count {
            if text[position] >= 0x80, UTF8Validation.sequenceLength(in: text, at: position) == nil {
                throw invalidUTF8(at: position)
            }
            throw error("unexpected content after the JSON value", at: position)
        }
        return value
    }

    mutating func parseValue() throws(JSONError) -> Builder.Node {
        skipWhitespace()
        let location = builder.locate(position, in: text)
        switch peek() {
        case UInt8(ascii: "{"): return try parseObject(at: location)
        case UInt8(ascii: "["): return try parseArray(at: location)
        case UInt8(ascii: "\""): return builder.string(try parseString(), at: location)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return builder.bool(true, at: location)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return builder.bool(false, at: location)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return builder.null(at: location)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber(at: location)
        default:
            throw unexpected("a value")
        }
    }

    private mutating func parseObject(at location: Builder.Location) throws(JSONError) -> Builder.Node {
        try enterContainer()
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return builder.object([], at: location)
        }
        let base = memberStack.height
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") { throw error("trailing comma before '}'", at: position) }
                throw unexpected("a string key")
            }
            let keyLocation = builder.locate(position, in: text)
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw unexpected("':' after the key") }
            position += 1
            let value = try parseValue()
            memberStack.push(builder.member(key, at: keyLocation, value: value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return builder.object(memberStack.pop(from: base), at: location)
            default:
                throw unexpected("',' or '}'")
            }
        }
    }

    private mutating func parseArray(at location: Builder.Location) throws(JSONError) -> Builder.Node {
        try enterContainer()
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return builder.array([], at: location)
        }
        let base = elementStack.height
        while true {
            elementStack.push(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { throw error("trailing comma before ']'", at: position) }
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return builder.array(elementStack.pop(from: base), at: location)
            default:
                throw unexpected("',' or ']'")
            }
        }
    }

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        if depth > JSON.maxDepth { throw error("nesting deeper than \(JSON.maxDepth) levels", at: position) }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for index in 0..<count where position + index >= text.count || text[position + index] != start[index] {
            throw error("invalid literal, expected '\(literal)'", at: position)
        }
        position += count
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < text.count {
            switch text[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The byte at the current position, or 0 at the end (0 is invalid wherever it is looked at).
    @inline(__always)
    func peek() -> UInt8 { position < text.count ? text[position] : 0 }

    func error(_ message: String, at offset: Int) -> JSONError {
        let place = TextCursor.locate(offset, in: text)
        return JSONError(line: place.line, column: place.column, message: message, offset: offset)
    }

    /// "expected X" at the current position, with a hint for the usual mistakes.
    func unexpected(_ expected: String) -> JSONError {
        guard position < text.count else { return error("expected \(expected) but the input ended", at: position) }
        let byte = text[position]
        if byte >= 0x80 {
            guard let length = UTF8Validation.sequenceLength(in: text, at: position) else {
                return invalidUTF8(at: position)
            }
            // Full-width punctuation (，：“”) from a Chinese keyboard is the usual culprit.
            let character = String(decoding: UnsafeBufferPointer(rebasing: text[position..<position + length]), as: UTF8.self)
            let code = character.unicodeScalars.first.map { Self.scalarName($0.value) } ?? ""
            return error("expected \(expected), found '\(character)' (\(code)): JSON punctuation is ASCII", at: position)
        }
        let hint = switch byte {
        case UInt8(ascii: "/"): " (comments are not allowed in JSON)"
        case UInt8(ascii: "'"): " (strings take double quotes)"
        case UInt8(ascii: "N"), UInt8(ascii: "I"): " (NaN and Infinity are not JSON numbers)"
        default: ""
        }
        return error("expected \(expected)\(hint)", at: position)
    }

    func invalidUTF8(at offset: Int) -> JSONError {
        error("invalid UTF-8 at byte offset \(offset)", at: offset)
    }
}
