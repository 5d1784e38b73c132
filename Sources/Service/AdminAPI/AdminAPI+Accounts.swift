import Core
import HTTP
import JSON

// `GET /api/accounts`: the configured accounts, so the dashboard's send form offers them.
extension AdminAPI {
    /// `{"items":[{"provider","account"}],"count","total"}` in configuration order. Names only:
    /// credentials and base URLs (which may carry a key) stay out.
    func listAccounts(_ request: HTTPRequest) async -> HTTPResponse {
        let items: [JSONValue] = accounts.map { account in
            .object(JSONObject([("provider", .string(account.provider.rawValue)), ("account", .string(account.name))]))
        }
        return Self.json(.ok, .object(JSONObject([
            ("items", .array(items)), ("count", JSONValue(items.count)), ("total", JSONValue(items.count)),
        ])))
    }
}
