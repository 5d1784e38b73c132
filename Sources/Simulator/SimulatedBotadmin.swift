import Core
import HTTP
import JSON
import Providers

// bot-admin: `POST /api/send`, `GET /api/users`, `GET /api/groups`, each `?secret=`. Its answers
// are undocumented; the simulator answers like the WeCom robot it copies (`errcode`/`errmsg`).
extension SimulatorCore {
    func botadminSend(_ request: HTTPRequest, state: inout SimulatorState) -> EndpointAnswer {
        let secret = request.queryParameter("secret") ?? ""
        guard let key = botadminKey(secret) else { return Self.robotError(40001, "invalid secret") }
        let account = botadminAccountName(secret)
        guard let conversation = request.queryParameter("conversation_id"), !conversation.isEmpty else {
            return Self.robotError(40002, "conversation_id is required", account: account)
        }
        if let problem = RobotBodyCheck.problem(request.body) {
            return Self.robotError(40003, problem, account: account)
        }
        if state.faults.errcodeNext > 0 {
            state.faults.errcodeNext -= 1
            state.stats.errcodeInjected += 1
            return Self.robotError(45009, "simulated rejection", account: account)
        }
        state.remember(conversation: conversation, group: ChatKind.guess(conversation: conversation) == .group, account: key)
        state.stats.sentItems += 1
        return EndpointAnswer(response: Self.json(.ok, ["errcode": 0, "errmsg": "ok"]), account: account)
    }

    /// `{"users":[{"name":…,"conversation_id":…}]}` or `{"groups":[…]}`: the conversations seen
    /// so far (sends and `/sim/inbound`), groups also the configured ones.
    func botadminList(_ request: HTTPRequest, groups: Bool, state: inout SimulatorState) -> EndpointAnswer {
        let secret = request.queryParameter("secret") ?? ""
        guard let key = botadminKey(secret) else { return Self.robotError(40001, "invalid secret") }
        var ids = groups ? configuration.groups : []
        for id in (groups ? state.groups[key] : state.users[key]) ?? [] where !ids.contains(id) { ids.append(id) }
        let list = ids.map { JSONValue.object(JSONObject([("name", .string($0)), ("conversation_id", .string($0))])) }
        return EndpointAnswer(response: Self.json(.ok, .object(JSONObject([(groups ? "groups" : "users", .array(list))]))),
                              account: botadminAccountName(secret))
    }

    /// The key under which an account's conversations are remembered: the account's name when
    /// accounts are configured, else the secret itself. nil: the secret is refused.
    func botadminKey(_ secret: String) -> String? {
        guard !secret.isEmpty else { return nil }
        guard checks(.botadmin) else { return "secret:" + secret }
        return account(.botadmin, \.secret, equals: secret)?.name
    }

    private func botadminAccountName(_ secret: String) -> String? {
        checks(.botadmin) ? account(.botadmin, \.secret, equals: secret)?.name : nil
    }

    static func robotError(_ code: Int64, _ message: String, account: String? = nil) -> EndpointAnswer {
        EndpointAnswer(response: json(.ok, ["errcode": .int(code), "errmsg": .string(message)]), account: account)
    }
}
