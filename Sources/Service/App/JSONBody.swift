import HTTP

/// The one `Content-Type` rule of every route that reads a JSON body — the hooks, `/api/send`,
/// `/api/events/{id}/replay`, `/api/rules/test` (docs/api.md, "Conventions"): a type that is
/// given must be JSON, else `415`; none at all is read as JSON, so `curl --data-binary` without
/// `-H` works. `curl -d` says `application/x-www-form-urlencoded`, and is refused everywhere alike.
enum JSONBody {
    /// The `415` for a request whose stated type is not JSON; nil when its body may be read.
    static func refusal(of request: HTTPRequest) -> HTTPResponse? {
        guard let type = request.headers["Content-Type"], !isJSON(type) else { return nil }
        return .jsonError(.unsupportedMediaType, "Content-Type must be application/json")
    }

    /// `handler`, behind the rule.
    static func required(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        { request in
            if let refusal = refusal(of: request) { return refusal }
            return await handler(request)
        }
    }

    /// `application/json`, `text/json` and `application/*+json`, with any parameters
    /// (`; charset=UTF-8`).
    static func isJSON(_ value: String) -> Bool {
        let essence = value.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingWhitespace().lowercased()
        } ?? ""
        return essence == "application/json" || essence == "text/json"
            || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
    }
}
