import HTTP

/// What the simulator core decided about one request: the answer, and the POSTs it wants made.
/// The core does no I/O; `SimulatorServer` makes the POSTs.
public struct SimulatorReply: Sendable {
    public var response: HTTPResponse
    /// Callback sequences to post in the background. Each sequence is posted in order, each post
    /// after its own delay (a `chatMsgSendFail` never overtakes its echo).
    public var callbacks: [[CallbackPost]]
    /// `/sim/inbound`: the webhook to deliver before answering; the answer then reports how the
    /// service took it (`SimulatorCore.inboundAnswer`).
    public var inbound: CallbackPost?
    /// Hold the answer this long (`answer_delay_ms`); the callbacks start at once.
    public var answerDelayMs: Int

    public init(response: HTTPResponse, callbacks: [[CallbackPost]] = [], inbound: CallbackPost? = nil,
                answerDelayMs: Int = 0) {
        self.response = response
        self.callbacks = callbacks
        self.inbound = inbound
        self.answerDelayMs = answerDelayMs
    }
}

/// One POST the simulator makes to wxhook, as the real provider would.
public struct CallbackPost: Sendable, Hashable {
    public var url: String
    public var body: [UInt8]
    /// Wait this long before posting (after the previous post of its sequence).
    public var delayMs: Int
    /// `chatMsg`, `chatMsgSendFail` or `webhook`: for logs and stats.
    public var event: String
    /// The yunzhenji `api_send_id` the callback reports on, for `GET /sim/callbacks`.
    public var apiSendID: String?

    public init(url: String, body: [UInt8], delayMs: Int, event: String, apiSendID: String? = nil) {
        self.url = url
        self.body = body
        self.delayMs = delayMs
        self.event = event
        self.apiSendID = apiSendID
    }
}
