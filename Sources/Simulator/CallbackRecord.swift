import JSON

/// One callback the simulator posted (or gave up on), as `GET /sim/callbacks` lists it: tests
/// compare each message's final state with what the provider told the service about it.
struct CallbackRecord: Sendable {
    var time: Double
    /// `chatMsg`, `chatMsgSendFail` or `webhook`.
    var event: String
    var apiSendID: String?
    /// Whether the service answered 2xx.
    var delivered: Bool

    var json: JSONValue {
        .object(JSONObject([
            ("time", JSONValue(time)),
            ("event", JSONValue(event)),
            ("api_send_id", JSONValue(apiSendID)),
            ("delivered", JSONValue(delivered)),
        ]))
    }
}
