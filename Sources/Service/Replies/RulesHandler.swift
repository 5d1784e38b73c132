import Core
import HTTP
import JSON
import Rules

/// `GET /api/rules`, `POST /api/rules/reload`, `POST /api/rules/test` (docs/api.md, "Rules").
struct RulesHandler: Sendable {
    let autoReply: AutoReply
    /// The configured subscriptions' filters: a test says where the message would be forwarded.
    var routing = ForwardRouting([])

    func list(_ request: HTTPRequest) async -> HTTPResponse {
        .json(.ok, JSON.serialize(autoReply.summary(), htmlSafe: true))
    }

    func reload(_ request: HTTPRequest) async -> HTTPResponse {
        switch autoReply.reload(reason: "api") {
        case .success:
            return .json(.ok, JSON.serialize(autoReply.summary(), htmlSafe: true))
        case .failure(let errors):
            let body: JSONValue = ["ok": false, "error": "the rule set has problems; the previous set stays active",
                                   "problems": .array(errors.lines.map(JSONValue.string))]
            return .json(.unprocessableContent, JSON.serialize(body, htmlSafe: true))
        }
    }

    func test(_ request: HTTPRequest) async -> HTTPResponse {
        let json: JSONValue
        do {
            json = try JSON.parse(request.body)
        } catch {
            return .jsonError(.badRequest, "body is not valid JSON: \(error.description)")
        }
        switch Self.matchInput(json) {
        case .success(let input):
            let answer = RuleTestAnswer.json(autoReply.test(input), input: input, routing: routing)
            return .json(.ok, JSON.serialize(answer, htmlSafe: true))
        case .failure(let problem):
            return .jsonError(.badRequest, problem.message)
        }
    }

    struct Problem: Error { let message: String }

    /// `{"text","provider","account","chat","mentioned","sender","event"}`, all but `text` optional
    /// (and `text` too for `"event":"subscribe"`).
    static func matchInput(_ json: JSONValue) -> Result<MatchInput, Problem> {
        guard let object = json.objectValue else { return .failure(Problem(message: "body must be a JSON object")) }
        func string(_ key: String) -> Result<String?, Problem> {
            guard let value = object[key], !value.isNull else { return .success(nil) }
            guard case .string(let text) = value else { return .failure(Problem(message: "\"\(key)\" must be a string")) }
            return .success(text)
        }
        do {
            let event = try string("event").get().map(MatchInput.Event.init(rawValue:)) ?? .message
            guard let event else { return .failure(Problem(message: "\"event\" must be \"message\" or \"subscribe\"")) }
            let text = try string("text").get()
            guard text != nil || event == .subscribe else { return .failure(Problem(message: "\"text\" is required")) }
            var provider: Provider?
            if let name = try string("provider").get() {
                guard let known = Provider(rawValue: name) else {
                    return .failure(Problem(message: "unknown provider (known: botadmin, yunzhenji, gowechat, wecom)"))
                }
                provider = known
            }
            let chat = try string("chat").get().map(ChatKind.init(rawValue:)) ?? .private
            guard let chat else { return .failure(Problem(message: "\"chat\" must be \"private\" or \"group\"")) }
            var mentioned = false
            if let value = object["mentioned"], !value.isNull {
                guard case .bool(let flag) = value else { return .failure(Problem(message: "\"mentioned\" must be a boolean")) }
                mentioned = flag
            }
            return .success(MatchInput(text: text ?? "", provider: provider, account: try string("account").get(), chat: chat,
                                       mentioned: mentioned, sender: try string("sender").get() ?? "tester",
                                       conversation: "test", event: event))
        } catch {
            return .failure(error)
        }
    }
}
