import Core
import JSON
import Rules

/// The answer of `POST /api/rules/test` and `wxhook rules test --json`: the rules' evaluation,
/// plus `forwarded_to` — the subscriptions such a message would be forwarded to, by their own
/// filters and by the answering reply's hand-off.
public enum RuleTestAnswer {
    /// A part of `input` that was not given (provider, account) is not checked against the
    /// filters, as it is not checked against scopes. A follow event is forwarded only by a
    /// hand-off: it is no event type of its own.
    public static func forwardedTo(_ evaluation: Evaluation, input: MatchInput, routing: ForwardRouting) -> [String] {
        let handoff = evaluation.matched ? evaluation.handoff?.subscription : nil
        guard input.event == .message else { return handoff.map { [$0] } ?? [] }
        return routing.subscriptions(wouldTake: .eventMessage, provider: input.provider, account: input.account,
                                     chat: input.chat, handoff: handoff)
    }

    public static func json(_ evaluation: Evaluation, input: MatchInput, routing: ForwardRouting) -> JSONValue {
        guard case .object(var object) = evaluation.json else { return evaluation.json }
        object.append("forwarded_to", .array(forwardedTo(evaluation, input: input, routing: routing).map(JSONValue.string)))
        return .object(object)
    }
}
