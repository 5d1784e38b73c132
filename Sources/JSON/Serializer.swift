/// Writes a `JSONValue` tree: compact, or pretty with two-space indentation and "key": value.
struct Serializer {
    var out: [UInt8] = []
    let pretty: Bool
    let htmlSafe: Bool
    private var indent = 0

    init(pretty: Bool, htmlSafe: Bool, capacity: Int = 128) {
        self.pretty = pretty
        self.htmlSafe = htmlSafe
        out.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: Emit.ascii("null", into: &out)
        case .bool(let flag): flag ? Emit.ascii("true", into: &out) : Emit.ascii("false", into: &out)
        case .int(let number): Emit.int(number, into: &out)
        case .double(let number): Emit.double(number, into: &out)
        case .string(let text): Emit.string(text, htmlSafe: htmlSafe, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { return Emit.ascii("[]", into: &out) }
            out.append(UInt8(ascii: "["))
            indent += 1
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline()
                write(element)
            }
            indent -= 1
            newline()
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { return Emit.ascii("{}", into: &out) }
            out.append(UInt8(ascii: "{"))
            indent += 1
            for (index, entry) in object.entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline()
                Emit.string(entry.key, htmlSafe: htmlSafe, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(entry.value)
            }
            indent -= 1
            newline()
            out.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline() {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }
}
