import Core

extension Account {
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
