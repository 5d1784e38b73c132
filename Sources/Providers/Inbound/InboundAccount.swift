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
        guard let text, text.contains("@") else { return [] }
        return mentionNames.filter { !$0.isEmpty && text.contains("@" + $0) }
    }
}
