import Core

/// Why a send request could not be built. Each is a problem with the message or the account's
/// configuration, not with the provider: retrying the same request cannot help.
public enum SendRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider cannot carry this item type (see `Provider.supportedTypes`).
    case unsupportedType(provider: Provider, type: MessageType)
    /// Too few or too many items for one request (see `Provider.maxItemsPerRequest`).
    case itemCount(provider: Provider, count: Int, allowed: ClosedRange<Int>)
    /// The account lacks a credential the provider needs (the configuration key is named).
    case missingCredential(provider: Provider, account: String, key: String)
    /// The account's `base_url` is not an http(s) URL.
    case invalidBaseURL(provider: Provider, account: String)

    public var description: String {
        switch self {
        case .unsupportedType(let provider, let type):
            let supported = provider.supportedTypes.map(\.rawValue).sorted().joined(separator: ", ")
            return "\(provider.rawValue) cannot send a \(type.rawValue) message (it sends: \(supported))"
        case .itemCount(let provider, let count, let allowed):
            let range = allowed.lowerBound == allowed.upperBound
                ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)"
            return "\(provider.rawValue) sends \(range) item(s) per request, not \(count)"
        case .missingCredential(let provider, let account, let key):
            return "\(provider.rawValue) account \"\(account)\" has no \"\(key)\" configured"
        case .invalidBaseURL(let provider, let account):
            return "\(provider.rawValue) account \"\(account)\" needs a base_url starting with http:// or https://"
        }
    }
}
