import HTTP
import JSON
import Providers

// The WeCom group robot: `POST /cgi-bin/webhook/send?key=` with bot-admin's bodies, answering
// `{"errcode":0,"errmsg":"ok"}`.
extension SimulatorCore {
    func wecomSend(_ request: HTTPRequest, state: inout SimulatorState) -> EndpointAnswer {
        let key = request.queryParameter("key") ?? ""
        let matched = checks(.wecom) ? account(.wecom, \.key, equals: key) : nil
        guard !key.isEmpty, !checks(.wecom) || matched != nil else {
            return Self.robotError(93000, "invalid webhook url, key is wrong")
        }
        if let problem = RobotBodyCheck.problem(request.body) {
            return Self.robotError(40008, problem, account: matched?.name)
        }
        if state.faults.errcodeNext > 0 {
            state.faults.errcodeNext -= 1
            state.stats.errcodeInjected += 1
            return Self.robotError(45009, "simulated rejection", account: matched?.name)
        }
        state.stats.sentItems += 1
        return EndpointAnswer(response: Self.json(.ok, ["errcode": 0, "errmsg": "ok"]), account: matched?.name)
    }
}
