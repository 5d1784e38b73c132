/// A JSON object that keeps its members in insertion (or text) order.
///
/// Parsing keeps every member, duplicates included, in the order of the text; lookups see the
/// last member with a key ("last wins"), as most JSON readers do. Lookups scan linearly: the
/// objects this project reads are small (a webhook body has a handful of keys), and a scan over a
/// few keys beats hashing them. Equality is order-sensitive, like an ordered dictionary's.
public struct JSONObject: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var key: String
        var value: JSONValue
    }

    var entries: [Entry]

    public init() { entries = [] }

    /// Keeps `pairs` as given, duplicates included.
    public init(_ pairs: [(String, JSONValue)]) {
        entries = pairs.map { Entry(key: $0.0, value: $0.1) }
    }

    init(entries: [Entry]) { self.entries = entries }

    /// The member's value (the last one with that key), or nil.
    /// Setting replaces that member in place, or appends a new one; setting nil removes every
    /// member with the key.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let index = lastIndex(of: key) else { return nil }
            return entries[index].value
        }
        set {
            if let newValue {
                if let index = lastIndex(of: key) {
                    entries[index].value = newValue
                } else {
                    entries.append(Entry(key: key, value: newValue))
                }
            } else {
                entries.removeAll { $0.key == key }
            }
        }
    }

    /// Appends a member without looking for an existing one: the cheap way to build an object
    /// whose keys are known to be distinct.
    public mutating func append(_ key: String, _ value: JSONValue) {
        entries.append(Entry(key: key, value: value))
    }

    /// Removes every member with `key`; returns the value lookup would have returned.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let old = self[key]
        self[key] = nil
        return old
    }

    public func contains(key: String) -> Bool { lastIndex(of: key) != nil }

    /// The keys in order, duplicates included.
    public var keys: [String] { entries.map(\.key) }

    /// The values in order, duplicates included.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The number of members, duplicates included.
    public var count: Int { entries.count }

    public var isEmpty: Bool { entries.isEmpty }

    /// The members as a dictionary (last wins), for callers that look up many keys of a big object.
    public var dictionary: [String: JSONValue] {
        Dictionary(entries.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    func lastIndex(of key: String) -> Int? {
        var index = entries.count
        while index > 0 {
            index -= 1
            if entries[index].key == key { return index }
        }
        return nil
    }
}

extension JSONObject: Sequence {
    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Entry]>
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard let entry = base.next() else { return nil }
            return (entry.key, entry.value)
        }
    }

    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    public var underestimatedCount: Int { entries.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSON.string(.object(self)) }
}
