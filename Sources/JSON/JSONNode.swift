/// A parsed value with where it stood in the text, for configuration and rule files whose
/// errors must name a line. Lines and columns are 1-based; columns count Unicode scalars.
public struct JSONNode: Sendable {
    public let line: Int
    public let column: Int
    public let kind: Kind

    public indirect enum Kind: Sendable {
        case null
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
        case array([JSONNode])
        /// Members in text order, duplicates included.
        case object([JSONMember])
    }

    public init(line: Int, column: Int, kind: Kind) {
        self.line = line
        self.column = column
        self.kind = kind
    }

    /// The value without locations.
    public var value: JSONValue {
        switch kind {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(\.value))
        case .object(let members):
            .object(JSONObject(entries: members.map { JSONObject.Entry(key: $0.key, value: $0.value.value) }))
        }
    }

    /// The object member with `key` (the last one, as lookups on `JSONObject`), or nil.
    public subscript(key: String) -> JSONNode? { member(key)?.value }

    /// The array element at `index`, or nil when out of range or not an array.
    public subscript(index: Int) -> JSONNode? {
        guard case .array(let elements) = kind, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The object member with `key` (the last one), with its key's location.
    public func member(_ key: String) -> JSONMember? {
        guard case .object(let members) = kind else { return nil }
        return members.last { $0.key == key }
    }

    /// The members when this is an object.
    public var members: [JSONMember]? {
        guard case .object(let members) = kind else { return nil }
        return members
    }

    /// The elements when this is an array.
    public var elements: [JSONNode]? {
        guard case .array(let elements) = kind else { return nil }
        return elements
    }

    /// "string", "number", "object"…: for messages such as "expected a string, found a number".
    public var typeName: String { value.typeName }
}

/// An object member with the location of its key.
public struct JSONMember: Sendable {
    public let key: String
    public let keyLine: Int
    public let keyColumn: Int
    public let value: JSONNode

    public init(key: String, keyLine: Int, keyColumn: Int = 1, value: JSONNode) {
        self.key = key
        self.keyLine = keyLine
        self.keyColumn = keyColumn
        self.value = value
    }
}
