import Core
import HTTP
import JSON

/// The user's application, played at `POST /sim/app`: it takes wxhook's forwards, checks their
/// Standard Webhooks signature with the secret of the subscription whose `url` ends in
/// `/sim/app` (401 without one, with a wrong signature, or with a `webhook-timestamp` more than
/// 5 minutes off), remembers each (`GET /sim/app/received`) and answers a message with
/// `{"reply":{"messages":[{"type":"text","text":"echo: TEXT"}]}}`. `POST /sim/app/behaviour`
/// makes it answer otherwise (docs/forwarding.md, "Trying it with wxhook sim").
extension SimulatorCore {
    func application(_ request: HTTPRequest, now: Double, state: inout SimulatorState) -> SimulatorReply {
        let id = request.headers["webhook-id"] ?? ""
        var record = ApplicationRecord(time: now, webhookID: id, body: LogEntry.content(request.body))
        let verdict = verify(request, now: now)
        record.verified = verdict == nil
        let behaviour = state.application.next(verified: record.verified)
        let response: HTTPResponse
        if let verdict {
            response = .jsonError(.unauthorized, verdict)
        } else {
            response = behaviour.answer(to: record.body)
        }
        record.status = response.status.code
        state.application.remember(record, limit: configuration.logLimit)
        return SimulatorReply(response: response, answerDelayMs: verdict == nil ? behaviour.delayMs : 0)
    }

    /// Why the request is refused, or nil when its signature holds.
    private func verify(_ request: HTTPRequest, now: Double) -> String? {
        guard let secret = configuration.applicationSecret else {
            return "no subscription of --config has a url ending in /sim/app"
        }
        guard let id = request.headers["webhook-id"], let stamp = request.headers["webhook-timestamp"],
              let timestamp = Int64(stamp), let signature = request.headers["webhook-signature"] else {
            return "webhook-id, webhook-timestamp and webhook-signature are required"
        }
        do {
            try WebhookSignature(secret: secret).verify(id: id, timestamp: timestamp, body: request.body,
                                                        signatureHeader: signature, now: Int64(now))
            return nil
        } catch {
            return error.description
        }
    }

    /// `POST /sim/app/behaviour`: how the next answers go; answers the behaviour in force.
    func applicationBehaviour(_ request: HTTPRequest, state: inout SimulatorState) -> SimulatorReply {
        guard let body = try? JSON.parse(request.body), let object = body.objectValue else {
            return SimulatorReply(response: .jsonError(.badRequest, "body must be a JSON object"))
        }
        switch ApplicationBehaviour.read(object) {
        case .success(let behaviour):
            state.application.behaviour = behaviour
            return SimulatorReply(response: Self.json(.ok, behaviour.json))
        case .failure(let problem):
            return SimulatorReply(response: .jsonError(.badRequest, problem.message))
        }
    }

    /// `GET /sim/app/received`: every forward that came, oldest first.
    func applicationReceived(state: SimulatorState) -> SimulatorReply {
        let items = state.application.received.map(\.json)
        return SimulatorReply(response: Self.json(.ok, ["items": .array(items), "count": JSONValue(items.count)]))
    }
}
