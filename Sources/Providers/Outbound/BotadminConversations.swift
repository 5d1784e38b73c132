import Core
import JSON

/// bot-admin's conversation lists (docs/providers.md, "Conversation lists"): `GET
/// /api/groups?secret=` and `GET /api/users?secret=`. A bot-admin webhook does not say whether it
/// came from a group; the group list does.
public enum BotadminConversations {
    /// The answer shape is **assumed** (docs/providers.md):
    /// `{"groups":[{"name","conversation_id"}]}` and `{"users":[…same…]}`.
    static let groupsKey = "groups"
    static let idKey = "conversation_id"

    public static func groupsRequest(account: Account) throws(SendRequestError) -> ProviderRequest {
        let secret = try account.credential(account.secret, key: "secret")
        return ProviderRequest(method: "GET", url: try account.url(path: "/api/groups", query: [("secret", secret)]))
    }

    /// The group conversation ids of a 2xx answer; nil for any other answer (keep what you had).
    public static func groupIDs(status: Int, body: [UInt8]) -> Set<String>? {
        guard (200..<300).contains(status), let answer = try? JSON.parse(body),
              let groups = answer[groupsKey]?.arrayValue else { return nil }
        return Set(groups.compactMap { $0[idKey]?.stringValue })
    }
}
