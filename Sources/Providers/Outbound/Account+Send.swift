import Core

// The checks and URL building every send adapter shares.
extension Account {
    /// `base_url` + `path` + `?query`, the query percent-encoded.
    func url(path: String, query: [(String, String)] = []) throws(SendRequestError) -> String {
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw .invalidBaseURL(provider: provider, account: name)
        }
        var root = Substring(baseURL)
        while root.hasSuffix("/") { root = root.dropLast() }
        let url = String(root) + path
        return query.isEmpty ? url : url + "?" + PercentEncoding.query(query)
    }

    /// The credential, or an error naming its configuration key when it is unset or empty.
    func credential(_ value: Secret?, key: String) throws(SendRequestError) -> String {
        try credential(value?.revealed, key: key)
    }

    func credential(_ value: String?, key: String) throws(SendRequestError) -> String {
        guard let value, !value.isEmpty else { throw .missingCredential(provider: provider, account: name, key: key) }
        return value
    }
}

extension Provider {
    /// Refuses an item count or an item type this provider cannot carry in one request.
    func check(_ items: [OutboundItem]) throws(SendRequestError) {
        let allowed = 1...maxItemsPerRequest
        guard allowed.contains(items.count) else { throw .itemCount(provider: self, count: items.count, allowed: allowed) }
        for item in items where !supportedTypes.contains(item.item.type) {
            throw .unsupportedType(provider: self, type: item.item.type)
        }
    }
}
