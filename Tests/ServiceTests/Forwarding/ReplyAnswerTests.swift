import Core
import JSON
@testable import Service
import Storage
import Testing

/// What an application's answer to a hand-off comes to, from literals: a reply, no reply, or the
/// reason written as the forward's `reply_error`; and the forward that carries the hand-off.
@Suite struct ReplyAnswerTests {
    static func read(_ body: String, status: Int = 200, cut: Bool = false, provider: Provider = .botadmin,
                     at time: Double = 10, by replyBy: Double? = 60) -> ReplyAnswer {
        ReplyAnswer.read(status: status, body: Array(body.utf8), bodyCut: cut, provider: provider, answeredAt: time,
                         replyBy: replyBy)
    }

    @Test func aReplyOfOneToFiveItemsIsQueued() {
        #expect(Self.read(#"{"reply":{"messages":[{"type":"text","text":"您好"}]}}"#) == .items([.text("您好")]))
        let five = Array(repeating: #"{"type":"image","url":"https://e.com/a.png"}"#, count: 5).joined(separator: ",")
        #expect(Self.read(#"{"reply":{"messages":[\#(five)]}}"#) == .items(Array(repeating: .image(url: "https://e.com/a.png"), count: 5)))
    }

    @Test func noContentAnEmptyBodyAnEmptyObjectOrANullReplyAskForNothing() {
        #expect(Self.read("", status: 204) == .none)
        #expect(Self.read("") == .none)
        #expect(Self.read(" \n") == .none)
        #expect(Self.read("{}") == .none)
        #expect(Self.read(#"{"reply":null,"note":"later"}"#) == .none)
        // Late but asking for nothing: nothing to complain of.
        #expect(Self.read("{}", at: 100, by: 60) == .none)
    }

    @Test func everyWayAReplyCanBeWrongSaysWhy() {
        func reason(_ answer: ReplyAnswer) -> String {
            if case .invalid(let reason) = answer { return reason }
            return "not refused: \(answer)"
        }
        #expect(reason(Self.read("ok")).hasPrefix("the answer is not JSON"))
        #expect(reason(Self.read("[1]")) == "the answer must be a JSON object, found array")
        #expect(reason(Self.read(#"{"reply":"hi"}"#)) == "\"reply\" must be an object with a \"messages\" array")
        #expect(reason(Self.read(#"{"reply":{"messages":[]}}"#)) == "\"reply.messages\" must hold 1 to 5 items, not 0")
        let six = Array(repeating: #"{"type":"text","text":"x"}"#, count: 6).joined(separator: ",")
        #expect(reason(Self.read(#"{"reply":{"messages":[\#(six)]}}"#)) == "\"reply.messages\" must hold 1 to 5 items, not 6")
        #expect(reason(Self.read(#"{"reply":{"messages":[{"type":"sticker"}]}}"#)).hasPrefix("reply.messages[0]: unknown message type \"sticker\""))
        #expect(reason(Self.read(#"{"reply":{"messages":[{"type":"text","text":"a"},{"type":"voice","url":"https://e.com/v.amr","duration":3}]}}"#,
                                 provider: .botadmin)) == "reply.messages[1]: botadmin cannot carry a voice message")
        #expect(reason(Self.read(#"{"reply":{"messages":[{"type":"text","text":"a"}]}}"#, at: 61.05, by: 60))
            == "the answer came after reply_within_s (1.1 s late)")
        #expect(reason(Self.read("{", cut: true)) == "the answer is larger than 64 KiB; it was cut and no reply is sent")
    }

    @Test func aHandoffRidesOnTheOneForwardOfItsSubscriptionWhateverItsFilters() throws {
        let secret = try WebhookSecret("whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY=")
        func subscription(_ name: String, _ filter: ForwardFilter) -> Subscription {
            Subscription(name: name, url: "http://127.0.0.1:1/x", secret: secret, secretText: Secret("s"), filter: filter)
        }
        let planner = ForwardBodies([subscription("crm", ForwardFilter()), subscription("llm", ForwardFilter(events: []))])
        let event = StoredEvent(id: "e_1", provider: "botadmin", account: "shop", kind: "message", conversation: "c1",
                                sender: "u1", text: "人工", isSelf: false, isGroup: false, messageID: nil, receivedAt: 100)
        // `llm` takes no event stream, but the rule decided.
        let toLLM = planner.forwards(ofEvent: event, raw: [], handoff: ForwardHandoff(subscription: "llm", rule: "default",
                                                                                      replyBy: 160))
        #expect(toLLM.map(\.subscription) == ["crm", "llm"])
        #expect(toLLM.map(\.rule) == [nil, "default"] && toLLM.map(\.replyBy) == [nil, 160])
        #expect(try JSON.parse(toLLM[1].body)["rule"]?.stringValue == "default")
        #expect(try JSON.parse(toLLM[0].body)["rule"] == nil)
        // `crm` takes it anyway: still one forward, now carrying the rule.
        let toCRM = planner.forwards(ofEvent: event, raw: [], handoff: ForwardHandoff(subscription: "crm", rule: "human",
                                                                                      replyBy: 130))
        #expect(toCRM.map(\.subscription) == ["crm"] && toCRM.first?.rule == "human")
        #expect(Forwarder.chat(ofEventIn: toCRM[0].body) == .private)
    }
}
