import Core
import Testing
@testable import Rules

@Suite struct ScopeTests {
    private let engine: RuleEngine

    init() throws {
        engine = try makeEngine("""
        {"rules": [
          {"name": "sales-only", "keywords": ["价格"], "priority": 10,
           "scope": {"providers": ["yunzhenji"], "accounts": ["sales"], "chats": ["private"]},
           "reply": {"messages": [{"type": "text", "text": "sales"}]}},
          {"name": "group-mention", "keywords": ["价格"], "priority": 5,
           "scope": {"require_mention": true},
           "reply": {"messages": [{"type": "text", "text": "mention"}]}}
        ],
        "default": {"messages": [{"type": "text", "text": "default"}], "scope": {"providers": ["botadmin"]}}}
        """)
    }

    private func input(_ provider: Provider?, _ account: String?, _ chat: ChatKind, mentioned: Bool = false) -> MatchInput {
        MatchInput(text: "价格", provider: provider, account: account, chat: chat, mentioned: mentioned,
                   sender: "s", conversation: "c")
    }

    @Test func everyScopeDimensionIsExplained() {
        let wrongProvider = engine.test(input(.gowechat, "sales", .private))
        #expect(wrongProvider.rule == "group-mention")
        #expect(wrongProvider.candidates.map(\.lostBecause) == ["out of scope: provider gowechat not in [yunzhenji]"])

        let wrongAccount = engine.test(input(.yunzhenji, "home", .private))
        #expect(wrongAccount.candidates.map(\.lostBecause) == ["out of scope: account home not in [sales]"])

        #expect(engine.test(input(.yunzhenji, "sales", .private)).rule == "sales-only")
    }

    @Test func requireMentionAppliesOnlyInGroups() {
        // In a private chat the mention requirement has no effect.
        #expect(engine.test(input(.botadmin, "shop", .private)).rule == "group-mention")
        #expect(engine.test(input(.botadmin, "shop", .group, mentioned: true)).rule == "group-mention")
        let unmentioned = engine.test(input(.botadmin, "shop", .group))
        #expect(unmentioned.candidates.map(\.lostBecause) == [
            "out of scope: provider botadmin not in [yunzhenji]", "requires a mention",
        ])
        // No rule applies, so the default reply answers (it is in scope for botadmin).
        #expect(unmentioned.rule == "default")
        #expect(unmentioned.replies == [.text("default")])
    }

    @Test func theDefaultReplyHasAScopeToo() {
        let answer = engine.test(MatchInput(text: "随便聊聊", provider: .wecom, account: "ops", conversation: "c"))
        #expect(!answer.matched)
        #expect(answer.candidates == [.init(rule: "default", keyword: nil, match: nil,
                                            lostBecause: "out of scope: provider wecom not in [botadmin]")])
    }

    @Test func anInputThatNamesNoProviderOrAccountIsNotCheckedAgainstThem() {
        #expect(engine.test(input(nil, nil, .private)).rule == "sales-only")
    }
}
