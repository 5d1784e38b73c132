import JSON

/// One `GET /sim/log` entry: a request the simulator received.
package struct SimRequest: Sendable {
    package let method: String
    package let path: String
    /// When the simulator received it (Unix seconds).
    package let time: Double
    package let query: [String: String]
    package let body: JSONValue
    package let answerStatus: Int
    /// The provider whose endpoint it reached; nil for the simulator's own `/sim/*` calls.
    package let provider: String?
    /// The log's sequence number.
    package let sequence: Int

    package init(_ item: JSONValue) {
        method = item["method"]?.stringValue ?? ""
        path = item["path"]?.stringValue ?? ""
        time = item["time"]?.doubleValue ?? 0
        query = (item["query"]?.objectValue?.dictionary ?? [:]).compactMapValues(\.stringValue)
        body = item["body"] ?? .null
        answerStatus = item["answer_status"]?.intValue ?? 0
        provider = item["provider"]?.stringValue
        sequence = item["seq"]?.intValue ?? 0
    }

    /// "conversation|text", as `MessageView.sightingKey` (yunzhenji `target_wxid`, else the
    /// botadmin `conversation_id`, else gowechat's `send_id`).
    package var sightingKey: String {
        let conversation = body["target_wxid"]?.stringValue ?? query["conversation_id"]
            ?? body["params"]?["send_id"]?.stringValue ?? "?"
        return conversation + "|" + texts.joined(separator: "+")
    }

    /// yunzhenji: `messages[].api_send_id`; gowechat: `echo`.
    package var apiSendIDs: [String] {
        if let messages = body["messages"]?.arrayValue { return messages.compactMap { $0["api_send_id"]?.stringValue } }
        if let echo = body["echo"]?.stringValue { return [echo] }
        return []
    }

    /// The texts the request carries, whatever the provider's format.
    package var texts: [String] {
        if let messages = body["messages"]?.arrayValue {
            return messages.flatMap { message -> [String] in
                (message["content"]?["items"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            }
        }
        if let text = body["text"]?["content"]?.stringValue { return [text] }
        if let message = body["params"]?["message"]?.stringValue { return [message] }
        return []
    }
}

/// One `GET /sim/callbacks` entry: a callback the simulator posted, and whether the service took it.
package struct SimCallback: Sendable {
    package let event: String
    package let apiSendID: String?
    package let delivered: Bool
}
