import HTTP
import JSON

// `POST /sim/faults {"http_500_next":2, "errcode_next":1, "drop_callbacks_next":1, "answer_delay_ms":500,
// "omit_api_send_id":true, "fail_rate":0.5, "duplicate_rate":0.1, "callback_delay_ms":[0,10]}`: any
// subset; answers the faults now in force.
extension SimulatorCore {
    func faults(_ request: HTTPRequest, state: inout SimulatorState) -> SimulatorReply {
        guard let body = try? JSON.parse(request.body), let object = body.objectValue else {
            return SimulatorReply(response: .jsonError(.badRequest, "body must be a JSON object"))
        }
        var faults = state.faults
        for (name, value) in object {
            switch name {
            case "http_500_next", "errcode_next", "drop_callbacks_next":
                guard let count = value.intValue, count >= 0 else { return Self.badFault(name, "a count ≥ 0") }
                if name == "http_500_next" { faults.http500Next = count }
                else if name == "errcode_next" { faults.errcodeNext = count }
                else { faults.dropCallbacksNext = count }
            case "omit_api_send_id":
                guard case .bool(let omit) = value else { return Self.badFault(name, "true or false") }
                faults.omitApiSendID = omit
            case "answer_delay_ms":
                guard let delay = value.intValue, (0...600_000).contains(delay) else {
                    return Self.badFault(name, "milliseconds from 0 to 600000")
                }
                faults.answerDelayMs = delay
            case "fail_rate", "duplicate_rate":
                guard let rate = value.doubleValue, (0...1).contains(rate) else {
                    return Self.badFault(name, "a number from 0 to 1")
                }
                if name == "fail_rate" { faults.failRate = rate } else { faults.duplicateRate = rate }
            case "callback_delay_ms":
                guard let bounds = value.arrayValue, bounds.count == 2, let low = bounds[0].intValue,
                      let high = bounds[1].intValue, low >= 0, low <= high else {
                    return Self.badFault(name, "[min, max] milliseconds with 0 ≤ min ≤ max")
                }
                faults.callbackDelayMs = low...high
            default:
                let known = "http_500_next, errcode_next, drop_callbacks_next, answer_delay_ms, omit_api_send_id, fail_rate, "
                    + "duplicate_rate, callback_delay_ms"
                return SimulatorReply(response: .jsonError(.badRequest, "unknown fault \"\(name)\" (known: \(known))"))
            }
        }
        state.faults = faults
        return SimulatorReply(response: Self.json(.ok, faults.json))
    }

    private static func badFault(_ name: String, _ expected: String) -> SimulatorReply {
        SimulatorReply(response: .jsonError(.badRequest, "\(name) must be \(expected)"))
    }
}
