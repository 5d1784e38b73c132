import Core
import Providers

/// One account that providers may post to, with the credential its posts must carry.
struct InboundEndpoint: Sendable {
    var account: InboundAccount
    /// botadmin: the account `secret` (body field); yunzhenji: `callback_token` (query), optional.
    var credential: String?
}

/// The accounts reachable under `/hooks/{provider}/{account}`, looked up per request.
struct InboundDirectory: Sendable {
    private var endpoints: [Provider: [String: InboundEndpoint]] = [:]

    init(_ endpoints: [InboundEndpoint]) {
        for endpoint in endpoints {
            self.endpoints[endpoint.account.provider, default: [:]][endpoint.account.name] = endpoint
        }
    }

    func endpoint(_ provider: Provider, _ name: String) -> InboundEndpoint? {
        endpoints[provider]?[name]
    }
}
