extension Account: CustomStringConvertible, CustomDebugStringConvertible {
    /// `botadmin/shop` followed by the settings, secrets shown as `<redacted>`.
    public var description: String {
        var parts = ["base_url: \(baseURL)"]
        switch credentials {
        case .botadmin:
            parts.append("secret: <redacted>")
        case .yunzhenji(let appID, _, let wxid, let callbackToken):
            parts += ["app_id: \(appID)", "access_token: <redacted>", "wxid: \(wxid)",
                      "callback_token: \(callbackToken == nil ? "unset" : "<redacted>")"]
        case .gowechat:
            parts.append("token: <redacted>")
        case .wecom:
            parts.append("key: <redacted>")
        }
        if !selfIDs.isEmpty { parts.append("self_ids: \(selfIDs)") }
        if !mentionNames.isEmpty { parts.append("mention_names: \(mentionNames)") }
        return "\(provider.rawValue)/\(name) (\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { "Account(\(description))" }
}
