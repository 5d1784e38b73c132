import Core
import JSON

extension Provider {
    /// The fields of an inbound payload that authenticate it (bot-admin's `secret`): they are
    /// taken out before the payload is shown to anyone — an application, an operator.
    public var authenticationFields: [String] {
        switch self {
        case .botadmin: ["secret"]
        case .yunzhenji, .gowechat, .wecom: []   // their tokens travel in the URL, not the body
        }
    }

    /// The payload as received, as JSON, without its authentication fields; nil when it is not
    /// JSON.
    public func payloadWithoutAuthentication(_ raw: [UInt8]) -> JSONValue? {
        guard let value = try? JSON.parse(raw) else { return nil }
        guard var object = value.objectValue else { return value }
        for field in authenticationFields {
            while object.removeValue(forKey: field) != nil {}
        }
        return .object(object)
    }
}
