import JSON

/// One request the simulator received, as `GET /sim/log` lists it. Credentials are masked: the
/// log shows what was sent, not with which secret.
struct LogEntry: Sendable {
    var sequence: Int
    var time: Double
    var method: String
    /// nil for a path no provider serves.
    var provider: String?
    var path: String
    /// The configured account the credentials matched; nil when none did or none are configured.
    var account: String?
    /// Query parameters, percent-decoded.
    var query: JSONObject
    /// The body parsed as JSON; a string when it is not JSON; null when empty.
    var body: JSONValue
    var answerStatus: Int
    /// The answer's body, parsed the same way.
    var answer: JSONValue

    static let masked: Set<String> = ["secret", "access_token", "token", "key", "callback_token"]

    var json: JSONValue {
        .object(JSONObject([
            ("seq", JSONValue(sequence)),
            ("time", JSONValue(time)),
            ("method", JSONValue(method)),
            ("provider", JSONValue(provider)),
            ("path", JSONValue(path)),
            ("account", JSONValue(account)),
            ("query", .object(query)),
            ("body", body),
            ("answer_status", JSONValue(answerStatus)),
            ("answer", answer),
        ]))
    }

    /// JSON when it parses, else the text; credential members masked at the top level.
    static func content(_ bytes: [UInt8]) -> JSONValue {
        if bytes.isEmpty { return .null }
        guard let value = try? JSON.parse(bytes) else { return .string(String(decoding: bytes, as: UTF8.self)) }
        guard var object = value.objectValue else { return value }
        for name in object.keys where masked.contains(name) { object[name] = "***" }
        return .object(object)
    }
}
