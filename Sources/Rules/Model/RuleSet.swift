import Core

/// A loaded, valid set of rules: what one reload of the rules folder produced.
public struct RuleSet: Sendable, Hashable {
    /// The names the limiter and the API use for the two special replies.
    public static let defaultName = "default"
    public static let subscribeName = "subscribe"

    /// In file-name order, then by position in the file: the order that breaks ties.
    public let rules: [Rule]
    public let defaultReply: SpecialReply?
    public let subscribeReply: SpecialReply?
    /// The files that made the set (rule files and `materials.json`), in name order.
    public let files: [String]
    /// What the files held, as 16 hex digits of a SHA-256 over their names and bytes: equal on every
    /// instance that loaded the same files, whatever the folder's path or the files' dates.
    public let sourceHash: String

    public init(rules: [Rule], defaultReply: SpecialReply? = nil, subscribeReply: SpecialReply? = nil,
                files: [String] = [], sourceHash: String = RuleSet.sourceHash(of: [])) {
        self.rules = rules
        self.defaultReply = defaultReply
        self.subscribeReply = subscribeReply
        self.files = files
        self.sourceHash = sourceHash
    }

    /// The hash of `files` (in the order given): each file's name without its folder and its bytes,
    /// with their lengths, so no two different sets of files run together into the same input.
    public static func sourceHash(of files: [(name: String, bytes: [UInt8])]) -> String {
        var input: [UInt8] = []
        for file in files {
            let name = file.name.split(separator: "/").last.map(String.init) ?? file.name
            input += Array("\(name.utf8.count):\(name)\(file.bytes.count):".utf8)
            input += file.bytes
        }
        return String(Hex.encode(SHA256.digest(input)).prefix(16))
    }

    public static let empty = RuleSet(rules: [])

    public func rule(named name: String) -> Rule? { rules.first { $0.name == name } }

    /// The cooldown of `name` (a rule, `default` or `subscribe`); 0 when unknown.
    public func cooldown(of name: String) -> Double {
        switch name {
        case Self.defaultName: defaultReply?.cooldown ?? 0
        case Self.subscribeName: subscribeReply?.cooldown ?? 0
        default: rule(named: name)?.cooldown ?? 0
        }
    }

    /// The longest cooldown in the set: how long a limiter must remember a reply.
    public var longestCooldown: Double {
        let special = [defaultReply?.cooldown ?? 0, subscribeReply?.cooldown ?? 0]
        return (rules.map(\.cooldown) + special).max() ?? 0
    }
}
