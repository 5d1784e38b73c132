/// Entry points: parse bytes or text into values (or located nodes), and write values as JSON.
///
/// Parsing is strict RFC 8259: no comments, trailing commas, NaN/Infinity, leading zeros,
/// unescaped control characters, ill-formed UTF-8, lone surrogates, byte order mark or trailing
/// content; nesting deeper than `maxDepth` is an error. Every error has a 1-based line and column.
public enum JSON {
    /// The deepest nesting of arrays and objects a document may have.
    public static let maxDepth = 128

    /// Parses a whole document. Contiguous inputs (`[UInt8]`, `ArraySlice<UInt8>`, a native
    /// `String.UTF8View`, buffers) are read in place; others are copied once.
    /// Inlinable so that the caller's collection type is known where its storage is asked for.
    @inlinable
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        if let result = bytes.withContiguousStorageIfAvailable(parseValue) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(parseValue).get()
    }

    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8(parseValue).get()
    }

    /// Parses a whole document, keeping the line and column of every value and key.
    @inlinable
    public static func parseLocated(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONNode {
        if let result = bytes.withContiguousStorageIfAvailable(parseNode) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(parseNode).get()
    }

    public static func parseLocated(_ text: String) throws(JSONError) -> JSONNode {
        var text = text
        return try text.withUTF8(parseNode).get()
    }

    /// The JSON text of `value` as UTF-8. Compact unless `pretty` (two-space indentation).
    /// `htmlSafe` escapes `<` `>` `&` U+2028 U+2029 as \u escapes, for embedding in HTML.
    /// Non-finite doubles (which no parse produces) are written as `null`.
    public static func serialize(_ value: JSONValue, pretty: Bool = false, htmlSafe: Bool = false) -> [UInt8] {
        var serializer = Serializer(pretty: pretty, htmlSafe: htmlSafe)
        serializer.write(value)
        return serializer.out
    }

    public static func string(_ value: JSONValue, pretty: Bool = false, htmlSafe: Bool = false) -> String {
        String(decoding: serialize(value, pretty: pretty, htmlSafe: htmlSafe), as: UTF8.self)
    }

    @usableFromInline
    static func parseValue(_ text: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONError> {
        Parser.parse(text, builder: ValueBuilder())
    }

    @usableFromInline
    static func parseNode(_ text: UnsafeBufferPointer<UInt8>) -> Result<JSONNode, JSONError> {
        Parser.parse(text, builder: NodeBuilder())
    }
}
