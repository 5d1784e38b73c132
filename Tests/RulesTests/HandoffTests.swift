import Core
import Testing
@testable import Rules

/// `{"forward": NAME}` hands a message to an application: where it may stand, what it must not
/// stand beside, and what the engine says when it answers.
@Suite struct HandoffTests {
    static func loadWith(_ subscriptions: Set<String>?, _ text: String) -> Result<RuleSet, RuleLoadErrors> {
        RuleSetLoader.load(files: [(name: "a.json", bytes: Array(text.utf8))], subscriptions: subscriptions)
    }

    static func problems(_ subscriptions: Set<String>?, _ text: String) -> [String] {
        switch loadWith(subscriptions, text) {
        case .success: []
        case .failure(let errors): errors.lines
        }
    }

    @Test func aRuleTheDefaultAndTheFollowReplyMayEachHandOff() throws {
        let text = """
        {"rules": [{"name": "human", "keywords": ["人工"], "reply": {"forward": "crm", "reply_within_s": 30}}],
         "default": {"forward": "llm", "cooldown_s": 5},
         "subscribe": {"forward": "crm"}}
        """
        let set = try Self.loadWith(["crm", "llm"], text).get()
        #expect(set.rules.first?.reply.handoff == Handoff(subscription: "crm", replyWithinSeconds: 30))
        #expect(set.defaultReply?.reply.handoff == Handoff(subscription: "llm", replyWithinSeconds: 60))
        #expect(set.defaultReply?.cooldown == 5)
        #expect(set.subscribeReply?.reply.handoff?.subscription == "crm")
    }

    @Test func aForwardToNoConfiguredSubscriptionIsALoadErrorAtItsLine() {
        let text = """
        {"rules": [{"name": "human", "keywords": ["人工"],
                    "reply": {"forward": "crn"}}]}
        """
        #expect(Self.problems(["crm"], text) == [
            "a.json:2: the reply of rule \"human\" forwards to \"crn\", which is no subscription of the configuration's \"forward\" (configured: crm)",
        ])
        #expect(Self.problems([], text).first?.hasSuffix("(none is configured)") == true)
        // Without a configuration to check against, the name is taken as written.
        #expect(Self.problems(nil, text).isEmpty)
    }

    @Test func forwardBesideMessagesOrModeAndReplyWithinWithoutForwardAreLoadErrors() {
        let text = """
        {"rules": [{"name": "both", "keywords": ["x"],
                    "reply": {"forward": "crm",
                              "messages": [{"type": "text", "text": "hi"}]}}],
         "default": {"mode": "all", "messages": [{"type": "text", "text": "收到"}],
                     "reply_within_s": 30}}
        """
        #expect(Self.problems(["crm"], text) == [
            "a.json:3: the reply of rule \"both\" has both \"forward\" and \"messages\"; an application's answer is the reply",
            "a.json:5: the default reply has \"reply_within_s\" without \"forward\" (it says how long an application may take)",
        ])
        let zero = #"{"default": {"forward": "crm", "reply_within_s": 0}}"#
        #expect(Self.problems(["crm"], zero) == ["a.json:1: \"reply_within_s\" must be more than 0 seconds"])
    }

    @Test func theEngineAnswersWithTheHandoffAndNoItems() throws {
        let text = """
        {"rules": [{"name": "human", "keywords": ["人工"], "reply": {"forward": "crm", "reply_within_s": 30}}],
         "default": {"forward": "llm"}}
        """
        let engine = RuleEngine(try Self.loadWith(["crm", "llm"], text).get())
        let human = engine.evaluate(MatchInput(text: "转人工", chat: .private, conversation: "c1"), now: 0,
                                    timeZone: shanghai)
        #expect(human.matched && human.rule == "human" && human.replies.isEmpty)
        #expect(human.handoff == Handoff(subscription: "crm", replyWithinSeconds: 30))
        #expect(human.json["forward"]?["subscription"]?.stringValue == "crm")
        let other = engine.evaluate(MatchInput(text: "几点开门", chat: .private, conversation: "c1"), now: 0,
                                    timeZone: shanghai)
        #expect(other.rule == "default" && other.handoff?.subscription == "llm")
        // A rule in its cooldown hands nothing over, as it would answer nothing.
        var limiter = ReplyLimiter(window: 60, cap: 1)
        limiter.record(rule: "default", account: "", conversation: "c1", at: 0)
        let held = engine.evaluate(MatchInput(text: "几点开门", chat: .private, conversation: "c1"), now: 1,
                                   timeZone: shanghai, limiter: limiter)
        #expect(!held.matched && held.handoff == nil)
    }
}
