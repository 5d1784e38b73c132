/// How a 云真机 callback names the send it belongs to: the `api_send_id` wxhook generated,
/// the `api_send_svrid` the provider answered with, or both. A reference matches an item when
/// either id equals the item's.
public struct CallbackReference: Sendable, Hashable, Codable {
    public var apiSendID: String?
    public var providerID: String?

    public init(apiSendID: String? = nil, providerID: String? = nil) {
        // An empty id would match items whose provider id is unknown; treat it as absent.
        self.apiSendID = apiSendID?.isEmpty == true ? nil : apiSendID
        self.providerID = providerID?.isEmpty == true ? nil : providerID
    }

    func matches(_ item: ItemDelivery) -> Bool {
        if let apiSendID, apiSendID == item.apiSendID { return true }
        if let providerID, providerID == item.providerID { return true }
        return false
    }
}

extension CallbackReference: CustomStringConvertible {
    public var description: String {
        switch (apiSendID, providerID) {
        case let (id?, svrid?): "api_send_id \(id) / api_send_svrid \(svrid)"
        case let (id?, nil): "api_send_id \(id)"
        case let (nil, svrid?): "api_send_svrid \(svrid)"
        case (nil, nil): "no id"
        }
    }
}
