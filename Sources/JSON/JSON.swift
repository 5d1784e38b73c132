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
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        try withContiguousBytes(bytes) { run($0, builder: ValueBuilder()) }.get()
    }

    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8 { run($0, builder: ValueBuilder()) }.get()
    }

    /// Parses a whole document, keeping the line and column of every value and key.
    public static func parseLocated(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONNode {
        try withContiguousBytes(bytes) { run($0, builder: NodeBuilder()) }.get()
    }

    public static func parseLocated(_ text: String) throws(JSONError) -> JSONNode {
        var text = text
        return try text.withUTF8 { run($0, builder: NodeBuilder()) }.get()
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

    private static func withContiguousBytes<Result>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }

    private static func run<Builder: TreeBuilder>(
        _ text: UnsafeBufferPointer<UInt8>, builder: Builder
    ) -> Result<Builder.Node, JSONError> {
        var parser = Parser(text: text, builder: builder)
        do throws(JSONError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}
