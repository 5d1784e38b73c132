import Core
import HTTP
import JSON
import Providers

// 云真机: `POST /wechat/sendMessage`. Top-level problems answer `errcode` ≠ 0 with `message`; a
// message that fails its own check is left out of `data` while the others go on, as the real
// provider does. Each accepted message is echoed by a `chatMsg` callback, maybe followed by a
// `chatMsgSendFail`.
extension SimulatorCore {
    func yunzhenjiSend(_ request: HTTPRequest, now: Double, state: inout SimulatorState) -> EndpointAnswer {
        guard let body = try? JSON.parse(request.body), body.objectValue != nil else {
            return Self.yunzhenjiError(40000, "body is not a JSON object")
        }
        let appID = body["app_id"]?.stringValue ?? ""
        let accessToken = body["access_token"]?.stringValue ?? ""
        let wxid = body["wxid"]?.stringValue ?? ""
        guard !appID.isEmpty, !accessToken.isEmpty, !wxid.isEmpty else {
            return Self.yunzhenjiError(40001, "app_id, access_token and wxid are required")
        }
        var account: Account?
        if checks(.yunzhenji) {
            guard let found = configuration.accounts.first(where: {
                $0.provider == .yunzhenji && $0.appID == appID && $0.wxid == wxid
            }) else { return Self.yunzhenjiError(40001, "invalid app_id or wxid") }
            guard found.accessToken?.matches(accessToken) == true else {
                return Self.yunzhenjiError(40014, "invalid access_token", account: found.name)
            }
            account = found
        }
        guard let target = body["target_wxid"]?.stringValue, !target.isEmpty else {
            return Self.yunzhenjiError(40002, "target_wxid is required", account: account?.name)
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            return Self.yunzhenjiError(40002, "messages must be a non-empty array", account: account?.name)
        }
        guard messages.count <= 5 else {
            return Self.yunzhenjiError(40002, "at most 5 messages per request, got \(messages.count)", account: account?.name)
        }
        if state.faults.errcodeNext > 0 {
            state.faults.errcodeNext -= 1
            state.stats.errcodeInjected += 1
            return Self.yunzhenjiError(40100, "simulated rejection", account: account?.name)
        }

        var data: [JSONValue] = []
        var refused: [JSONValue] = []
        var callbacks: [[CallbackPost]] = []
        for (index, message) in messages.enumerated() {
            if let problem = YunzhenjiMessageCheck.problem(message) {
                refused.append(.object(JSONObject([("idx", JSONValue(index)), ("reason", .string(problem))])))
                continue
            }
            let id = state.makeID()
            let serverID = "\(wxid),\(target),\(Int64(now * 1000))SIM\(id)"
            let apiSendID = message["api_send_id"]?.stringValue
            var entry = JSONObject([("idx", JSONValue(index)), ("api_send_svrid", .string(serverID))])
            if let apiSendID { entry.append("api_send_id", .string(apiSendID)) }
            data.append(.object(entry))
            state.stats.sentItems += 1

            let sent = YunzhenjiCallbackPayload.Message(
                appID: appID, wxid: wxid, msgID: "sim-msg-\(id)", serverID: serverID, apiSendID: apiSendID,
                conversation: target, sender: wxid, isSelf: true,
                isGroup: ChatKind.guess(conversation: target) == .group, atList: [],
                msgType: message["msg_type"]?.stringValue ?? "", content: message["content"] ?? .null,
                timestamp: Int64(now))
            if let sequence = echoes(of: sent, account: account, state: &state) { callbacks.append(sequence) }
        }
        guard !data.isEmpty else {
            let first = refused.first.map { "messages[\($0["idx"]?.stringValue ?? "0")]: \($0["reason"]?.stringValue ?? "")" }
            return Self.yunzhenjiError(40003, first ?? "no message passed validation", account: account?.name)
        }
        var answer = JSONObject([("errcode", 0), ("data", .array(data))])
        // Not in the real answer: tells whoever reads the log why an idx is missing.
        if !refused.isEmpty { answer.append("sim_refused", .array(refused)) }
        return EndpointAnswer(response: Self.json(.ok, .object(answer)), account: account?.name, callbacks: callbacks)
    }

    /// The callbacks of one accepted message: its echo, perhaps a failure after it, perhaps each
    /// twice. Every random choice is drawn whatever the settings, so one seed gives one sequence.
    private func echoes(of message: YunzhenjiCallbackPayload.Message, account: Account?,
                        state: inout SimulatorState) -> [CallbackPost]? {
        let range = state.faults.callbackDelayMs
        let echoDelay = state.random.pick(range)
        let fails = state.random.chance(state.faults.failRate)
        let duplicate = state.random.chance(state.faults.duplicateRate)
        let failDelay = state.random.pick(range)
        if state.faults.dropCallbacksNext > 0 {
            state.faults.dropCallbacksNext -= 1
            state.stats.droppedCallbacks += 1
            return nil
        }
        guard let url = yunzhenjiCallbackURL(account: account, wxid: message.wxid) else { return nil }
        var payload = message
        if state.faults.omitApiSendID { payload.apiSendID = nil }
        var sequence = [CallbackPost(url: url, body: YunzhenjiCallbackPayload.chatMessage(payload), delayMs: echoDelay,
                                     event: "chatMsg", apiSendID: message.apiSendID)]
        state.stats.echoes += 1
        if fails {
            sequence.append(CallbackPost(url: url, body: YunzhenjiCallbackPayload.sendFailure(payload, error: "simulated failure"),
                                         delayMs: failDelay, event: "chatMsgSendFail", apiSendID: message.apiSendID))
            state.stats.sendFailures += 1
        }
        if duplicate {
            sequence = sequence.flatMap { post in
                var again = post
                again.delayMs = 0
                return [post, again]
            }
            state.stats.duplicates += 1
        }
        state.stats.callbacksScheduled += sequence.count
        return sequence
    }

    /// `{callback}/hooks/yunzhenji/{account}?token=…`. Without configured accounts the account is
    /// named by its wxid, and no token is sent.
    func yunzhenjiCallbackURL(account: Account?, wxid: String) -> String? {
        guard let callback = configuration.callback else { return nil }
        var url = callback + "/hooks/yunzhenji/" + PercentEncoding.encode(account?.name ?? wxid)
        if let token = account?.callbackToken?.revealed, !token.isEmpty { url += "?token=" + PercentEncoding.encode(token) }
        return url
    }

    static func yunzhenjiError(_ code: Int64, _ message: String, account: String? = nil) -> EndpointAnswer {
        EndpointAnswer(response: json(.ok, ["errcode": .int(code), "message": .string(message)]), account: account)
    }
}
