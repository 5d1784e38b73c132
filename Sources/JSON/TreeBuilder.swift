/// What the parser makes of the values it reads. One parser serves both trees: `ValueBuilder`
/// (the hot path; its `Location` is empty, so locating costs nothing) and `NodeBuilder` (lines
/// and columns for configuration files). The parser is generic over it and specialized.
protocol TreeBuilder {
    associatedtype Node
    associatedtype Member
    associatedtype Location

    /// Called at the start of every value and key, at increasing offsets.
    mutating func locate(_ offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Location

    func null(at location: Location) -> Node
    func bool(_ flag: Bool, at location: Location) -> Node
    func int(_ number: Int64, at location: Location) -> Node
    func double(_ number: Double, at location: Location) -> Node
    func string(_ text: String, at location: Location) -> Node
    func array(_ elements: [Node], at location: Location) -> Node
    func member(_ key: String, at location: Location, value: Node) -> Member
    func object(_ members: [Member], at location: Location) -> Node
}

struct ValueBuilder: TreeBuilder {
    @inline(__always)
    mutating func locate(_ offset: Int, in text: UnsafeBufferPointer<UInt8>) {}

    func null(at location: Void) -> JSONValue { .null }
    func bool(_ flag: Bool, at location: Void) -> JSONValue { .bool(flag) }
    func int(_ number: Int64, at location: Void) -> JSONValue { .int(number) }
    func double(_ number: Double, at location: Void) -> JSONValue { .double(number) }
    func string(_ text: String, at location: Void) -> JSONValue { .string(text) }
    func array(_ elements: [JSONValue], at location: Void) -> JSONValue { .array(elements) }
    func member(_ key: String, at location: Void, value: JSONValue) -> JSONObject.Entry {
        JSONObject.Entry(key: key, value: value)
    }
    func object(_ members: [JSONObject.Entry], at location: Void) -> JSONValue {
        .object(JSONObject(entries: members))
    }
}

struct NodeBuilder: TreeBuilder {
    private var cursor = TextCursor()

    mutating func locate(_ offset: Int, in text: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        cursor.advance(to: offset, in: text)
    }

    typealias Location = (line: Int, column: Int)

    private func node(_ kind: JSONNode.Kind, _ location: Location) -> JSONNode {
        JSONNode(line: location.line, column: location.column, kind: kind)
    }

    func null(at location: Location) -> JSONNode { node(.null, location) }
    func bool(_ flag: Bool, at location: Location) -> JSONNode { node(.bool(flag), location) }
    func int(_ number: Int64, at location: Location) -> JSONNode { node(.int(number), location) }
    func double(_ number: Double, at location: Location) -> JSONNode { node(.double(number), location) }
    func string(_ text: String, at location: Location) -> JSONNode { node(.string(text), location) }
    func array(_ elements: [JSONNode], at location: Location) -> JSONNode { node(.array(elements), location) }
    func member(_ key: String, at location: Location, value: JSONNode) -> JSONMember {
        JSONMember(key: key, keyLine: location.line, keyColumn: location.column, value: value)
    }
    func object(_ members: [JSONMember], at location: Location) -> JSONNode { node(.object(members), location) }
}
