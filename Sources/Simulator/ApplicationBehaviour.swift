import HTTP
import JSON

/// How the simulated application answers (`POST /sim/app/behaviour`, any subset):
/// `{"status":503, "reply":"echo"|"none"|{…}, "delay_ms":2000, "times":2}` — the status to
/// answer, what the body says (`echo`: the echo reply to a message, nothing otherwise; `none`:
/// an empty body; an object: sent as it is, for a malformed or a custom reply), how long to wait
/// first, and for how many requests before it goes back to echoing (absent: for all of them).
struct ApplicationBehaviour: Sendable {
    enum Body: Sendable {
        case echo
        case none
        case verbatim(JSONValue)
    }

    var status = 200
    var body = Body.echo
    var delayMs = 0
    /// nil: until told otherwise.
    var times: Int?

    struct Problem: Error { let message: String }

    /// The values of a `POST /sim/app/behaviour` body; a key it leaves out keeps its default.
    static func read(_ object: JSONObject) -> Result<ApplicationBehaviour, Problem> {
        var behaviour = ApplicationBehaviour()
        for (name, value) in object {
            switch name {
            case "status":
                guard let status = value.intValue, (200...599).contains(status) else {
                    return .failure(Problem(message: "status must be an HTTP status from 200 to 599"))
                }
                behaviour.status = status
            case "reply":
                switch value {
                case .string("echo"): behaviour.body = .echo
                case .string("none"): behaviour.body = .none
                case .object: behaviour.body = .verbatim(value)
                default: return .failure(Problem(message: "reply must be \"echo\", \"none\" or a JSON object to answer"))
                }
            case "delay_ms":
                guard let delay = value.intValue, (0...600_000).contains(delay) else {
                    return .failure(Problem(message: "delay_ms must be milliseconds from 0 to 600000"))
                }
                behaviour.delayMs = delay
            case "times":
                guard let times = value.intValue, times >= 1 else {
                    return .failure(Problem(message: "times must be a count ≥ 1"))
                }
                behaviour.times = times
            default:
                return .failure(Problem(message: "unknown key \"\(name)\" (known: status, reply, delay_ms, times)"))
            }
        }
        return .success(behaviour)
    }

    /// The answer to a forward whose body is `forward` (parsed).
    func answer(to forward: JSONValue) -> HTTPResponse {
        let status = HTTPStatus(code: status)
        switch body {
        case .none:
            return .bytes(status, contentType: "application/json", [])
        case .verbatim(let value):
            return .json(status, JSON.serialize(value))
        case .echo:
            guard forward["type"]?.stringValue == "event.message", let text = forward["data"]?["text"]?.stringValue else {
                return .json(status, Array("{}".utf8))
            }
            let reply: JSONValue = ["reply": ["messages": [["type": "text", "text": .string("echo: " + text)]]]]
            return .json(status, JSON.serialize(reply))
        }
    }

    var json: JSONValue {
        let reply: JSONValue = switch body {
        case .echo: "echo"
        case .none: "none"
        case .verbatim(let value): value
        }
        return .object(JSONObject([
            ("status", JSONValue(status)), ("reply", reply), ("delay_ms", JSONValue(delayMs)),
            ("times", times.map { JSONValue($0) } ?? .null),
        ]))
    }
}

/// What the simulated application remembers: its behaviour and every forward that came.
struct ApplicationState: Sendable {
    var behaviour = ApplicationBehaviour()
    var received: [ApplicationRecord] = []

    /// The behaviour for this request, counting it down; an unverified request uses none up.
    mutating func next(verified: Bool) -> ApplicationBehaviour {
        let current = behaviour
        if verified, let times = behaviour.times {
            if times <= 1 { behaviour = ApplicationBehaviour() } else { behaviour.times = times - 1 }
        }
        return current
    }

    mutating func remember(_ record: ApplicationRecord, limit: Int) {
        received.append(record)
        if received.count > limit + limit / 8 { received.removeFirst(received.count - limit) }
    }
}

/// One forward the simulated application received, as `GET /sim/app/received` lists it.
struct ApplicationRecord: Sendable {
    var time: Double
    var webhookID: String
    var body: JSONValue
    var verified = false
    var status = 0

    var json: JSONValue {
        .object(JSONObject([
            ("time", JSONValue(time)), ("webhook_id", .string(webhookID)), ("verified", .bool(verified)),
            ("status", JSONValue(status)), ("type", body["type"] ?? .null), ("rule", body["rule"] ?? .null),
            ("text", body["data"]?["text"] ?? .null), ("conversation", body["data"]?["conversation"] ?? .null),
            ("body", body),
        ]))
    }
}
