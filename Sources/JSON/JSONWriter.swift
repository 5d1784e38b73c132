/// Writes JSON straight into bytes, field by field, without building a tree first: the cheap way
/// to produce API answers. Commas are placed for the caller.
///
///     var writer = JSONWriter()
///     writer.object { w in
///         w.field("ok", true)
///         w.field("id", 42)
///         w.key("tags"); w.array { w in w.string("a"); w.string("b") }
///     }
///     writer.bytes  // {"ok":true,"id":42,"tags":["a","b"]}
///
/// It trusts its caller for structure (a key before each object value, balanced begin/end): a
/// misuse yields malformed JSON, which tests of the answer catch.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]
    /// Escape `<` `>` `&` U+2028 U+2029 in strings, for JSON embedded in HTML.
    public var htmlSafe: Bool
    /// True after a value: the next key or value in the same container needs a comma.
    private var needsComma = false

    public init(capacity: Int = 256, htmlSafe: Bool = false) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.htmlSafe = htmlSafe
    }

    /// The bytes written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// `{`, whatever `body` writes, `}`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    /// `[`, whatever `body` writes, `]`.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginArray()
        body(&self)
        endArray()
    }

    // MARK: Keys and values

    /// An object key; the next call writes its value.
    public mutating func key(_ key: String) {
        separate()
        Emit.string(key, htmlSafe: htmlSafe, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        Emit.string(value, htmlSafe: htmlSafe, into: &bytes)
        needsComma = true
    }

    public mutating func int(_ value: Int64) {
        separate()
        Emit.int(value, into: &bytes)
        needsComma = true
    }

    public mutating func int(_ value: Int) { int(Int64(value)) }

    /// Shortest round-trip form; NaN and ±infinity are written as `null`.
    public mutating func double(_ value: Double) {
        separate()
        Emit.double(value, into: &bytes)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        value ? Emit.ascii("true", into: &bytes) : Emit.ascii("false", into: &bytes)
        needsComma = true
    }

    public mutating func null() {
        separate()
        Emit.ascii("null", into: &bytes)
        needsComma = true
    }

    /// A whole tree, compact.
    public mutating func value(_ value: JSONValue) {
        separate()
        var serializer = Serializer(pretty: false, htmlSafe: htmlSafe, capacity: 0)
        swap(&serializer.out, &bytes)
        serializer.write(value)
        swap(&serializer.out, &bytes)
        needsComma = true
    }

    /// Already-serialized JSON, copied as is (not checked).
    public mutating func raw(_ json: some Collection<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Already-serialized JSON, copied as is (not checked).
    public mutating func raw(_ json: String) { raw(json.utf8) }

    // MARK: Fields (key and value in one call)

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// A nil value is written as `null`.
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: String, _ value: Int64) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: String, _ value: Double) {
        key(name)
        double(value)
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// A whole tree as the value. Disfavored so that `field("note", nil)` means the `String?`
    /// overload (null) instead of being ambiguous.
    @_disfavoredOverload
    public mutating func field(_ name: String, _ value: JSONValue) {
        key(name)
        self.value(value)
    }

    /// A key whose value is an object written by `body`.
    public mutating func object(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    /// A key whose value is an array written by `body`.
    public mutating func array(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        array(body)
    }

    // MARK: Commas

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }
}
