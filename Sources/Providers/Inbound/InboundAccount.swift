import Core

/// What decoding needs to know about the account a payload was posted for.
public struct InboundAccount: Sendable {
    public var provider: Provider
    public var name: String
    /// Sender ids that are the account itself (`self_ids`): their messages are never answered.
    public var selfIDs: Set<String>
    /// Display names of the account; `@name` in a group text mentions it.
    public var mentionNames: [String]

    public init(provider: Provider, name: String, selfIDs: Set<String> = [], mentionNames: [String] = []) {
        self.provider = provider
        self.name = name
        self.selfIDs = selfIDs
        self.mentionNames = mentionNames
    }

    /// The names of `mentionNames` that `text` @-mentions.
    func mentions(in text: String?) -> [String] {
        // Byte search: most texts have no "@" at all, and Foundation's substring search is slow.
        guard let text, !mentionNames.isEmpty, text.utf8.contains(UInt8(ascii: "@")) else { return [] }
        let haystack = Array(text.utf8)
        return mentionNames.filter { name in
            let needle = [UInt8(ascii: "@")] + Array(name.utf8)
            guard needle.count > 1, needle.count <= haystack.count else { return false }
            return (0...(haystack.count - needle.count)).contains { start in
                haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
    }
}
