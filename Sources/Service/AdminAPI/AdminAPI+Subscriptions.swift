import Delivery
import HTTP
import JSON
import Storage

// `GET /api/subscriptions`.
extension AdminAPI {
    /// Every configured subscription, in configuration order, with its forwards by state and its
    /// last success and failure. No secret: `SubscriptionSummary` does not hold one.
    func listSubscriptions(_ request: HTTPRequest) async -> HTTPResponse {
        await answer { () async throws(AdminError) -> HTTPResponse in
            let activity: [String: SubscriptionActivity]
            do {
                activity = try await forwards.subscriptionActivity()
            } catch {
                throw .store(error)
            }
            let items: [JSONValue] = subscriptions.map { subscription in
                let seen = activity[subscription.name] ?? SubscriptionActivity()
                var object = subscription.json
                object.append("counts", .object(JSONObject(ForwardState.allCases.map { state in
                    (state.rawValue, JSONValue(seen.counts[state] ?? 0))
                })))
                object.append("last_success_at", seen.lastSuccessAt.map(JSONValue.double) ?? .null)
                object.append("last_failure_at", seen.lastFailureAt.map(JSONValue.double) ?? .null)
                return .object(object)
            }
            return Self.json(.ok, .object(JSONObject([
                ("items", .array(items)),
                ("count", JSONValue(items.count)),
                ("total", JSONValue(items.count)),
            ])))
        }
    }
}
