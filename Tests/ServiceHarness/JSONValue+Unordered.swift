import JSON

extension JSONValue {
    /// The same value with every object's members sorted by key: for comparing what a provider
    /// received with what a test expects, as member order means nothing on the wire.
    package var membersSorted: JSONValue {
        switch self {
        case .object(let object):
            .object(JSONObject(object.dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value.membersSorted) }))
        case .array(let values):
            .array(values.map(\.membersSorted))
        default:
            self
        }
    }
}
