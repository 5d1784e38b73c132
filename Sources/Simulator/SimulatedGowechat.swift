import HTTP
import JSON
import Providers

// go-wechat-http: `POST /send_message` with `Authorization: Bearer {token}`, answering
// `{"status":"ok","retcode":0,"data":{"time":…,"message_id":"…"},"message":"","echo":"…"}`.
extension SimulatorCore {
    func gowechatSend(_ request: HTTPRequest, now: Double, state: inout SimulatorState) -> EndpointAnswer {
        let authorization = request.headers["Authorization"] ?? ""
        let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : ""
        let matched = checks(.gowechat) ? account(.gowechat, \.token, equals: token) : nil
        guard !token.isEmpty, !checks(.gowechat) || matched != nil else {
            return Self.gowechatAnswer(.unauthorized, retcode: 401, message: "invalid token", echo: "", account: nil)
        }
        let body = try? JSON.parse(request.body)
        let echo = body?["echo"]?.stringValue ?? ""
        if let problem = Self.gowechatProblem(body) {
            return Self.gowechatAnswer(.ok, retcode: 100, message: problem, echo: echo, account: matched?.name)
        }
        if state.faults.errcodeNext > 0 {
            state.faults.errcodeNext -= 1
            state.stats.errcodeInjected += 1
            return Self.gowechatAnswer(.ok, retcode: 100, message: "simulated rejection", echo: echo, account: matched?.name)
        }
        state.stats.sentItems += 1
        let data = JSONValue.object(JSONObject([("time", .double(now)), ("message_id", .string("sim-\(state.makeID())"))]))
        return EndpointAnswer(response: Self.json(.ok, .object(JSONObject([
            ("status", "ok"), ("retcode", 0), ("data", data), ("message", ""), ("echo", .string(echo)),
        ]))), account: matched?.name)
    }

    private static func gowechatProblem(_ body: JSONValue?) -> String? {
        guard let body, body.objectValue != nil else { return "body is not a JSON object" }
        guard body["action"]?.stringValue == "send_message" else { return "action must be send_message" }
        guard let params = body["params"], params.objectValue != nil else { return "params is required" }
        guard let detail = params["detail_type"]?.stringValue, detail == "private" || detail == "group" else {
            return "params.detail_type must be private or group"
        }
        guard let sendID = params["send_id"]?.stringValue, !sendID.isEmpty else { return "params.send_id is required" }
        guard let kind = params["msg_type"]?.int64Value, kind == 1 || kind == 2 else { return "params.msg_type must be 1 or 2" }
        guard case .string(let message)? = params["message"], !message.isEmpty else { return "params.message is required" }
        return nil
    }

    private static func gowechatAnswer(_ status: HTTPStatus, retcode: Int64, message: String, echo: String,
                                       account: String?) -> EndpointAnswer {
        EndpointAnswer(response: json(status, .object(JSONObject([
            ("status", "failed"), ("retcode", .int(retcode)), ("data", .null), ("message", .string(message)),
            ("echo", .string(echo)),
        ]))), account: account)
    }
}
