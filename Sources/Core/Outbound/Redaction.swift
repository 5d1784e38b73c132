import JSON

/// Hides credentials in what may be logged. Secrets (`secret`, `access_token`, `token`, `key`,
/// `callback_token`, `admin_token`) never appear in logs or error messages: `ProviderRequest`
/// prints through this, and so do the transports' failures.
public enum Redaction {
    static let mask = "***"
    static let credentialNames: Set<String> = ["secret", "access_token", "token", "key", "callback_token", "admin_token"]
    /// Longer bodies are cut: a log line names the request, it does not archive it.
    static let bodyLimit = 1024

    /// The URL with the value of every credential query parameter masked.
    public static func url(_ url: String) -> String {
        guard let questionMark = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: questionMark)...]
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = String(pair[..<equals])
            return credentialNames.contains(PercentEncoding.decode(name).lowercased()) ? name + "=" + mask : String(pair)
        }
        return url[...questionMark] + pairs.joined(separator: "&")
    }

    /// `Bearer ***`: the scheme is useful in a log, the token is not.
    public static func authorization(_ value: String) -> String {
        guard let space = value.firstIndex(of: " ") else { return mask }
        return value[...space] + mask
    }

    /// A JSON body with credential members masked (at any depth); other bodies only by size.
    public static func body(_ body: [UInt8]) -> String {
        guard let value = try? JSON.parse(body) else { return "<\(body.count) bytes>" }
        let text = JSON.string(masked(value))
        guard text.utf8.count > bodyLimit else { return text }
        return String(decoding: text.utf8.prefix(bodyLimit), as: UTF8.self) + "…"
    }

    /// The value with every member whose name is a credential replaced by `***`.
    static func masked(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for (name, member) in object {
                result.append(name, credentialNames.contains(name.lowercased()) ? .string(mask) : masked(member))
            }
            return .object(result)
        case .array(let elements):
            return .array(elements.map(masked))
        default:
            return value
        }
    }
}
