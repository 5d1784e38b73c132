import Core
import Testing
@testable import Rules

@Suite struct ReplyLimiterTests {
    @Test func cooldownHoldsUntilExactlyItsEnd() {
        var limiter = ReplyLimiter()
        limiter.record(rule: "price", account: "sales", conversation: "c1", at: 1000)
        #expect(limiter.decide(rule: "price", cooldown: 60, account: "sales", conversation: "c1", at: 1059.5) == .cooldown(remaining: 0.5))
        #expect(limiter.decide(rule: "price", cooldown: 60, account: "sales", conversation: "c1", at: 1060) == .allow)
        // Per rule, per account and conversation.
        #expect(limiter.decide(rule: "hours", cooldown: 60, account: "sales", conversation: "c1", at: 1001) == .allow)
        #expect(limiter.decide(rule: "price", cooldown: 60, account: "sales", conversation: "c2", at: 1001) == .allow)
        #expect(limiter.decide(rule: "price", cooldown: 60, account: "shop", conversation: "c1", at: 1001) == .allow)
        // No cooldown: only the cap limits.
        #expect(limiter.decide(rule: "price", cooldown: 0, account: "sales", conversation: "c1", at: 1000) == .allow)
    }

    @Test func theCapIsTenRepliesInAnySlidingMinute() {
        var limiter = ReplyLimiter()
        for second in 0..<10 {
            #expect(limiter.decide(rule: "r\(second)", cooldown: 0, account: "a", conversation: "c", at: Double(second)) == .allow)
            limiter.record(rule: "r\(second)", account: "a", conversation: "c", at: Double(second))
        }
        // The eleventh is refused until the first reply (at 0) is 60 s old.
        #expect(limiter.decide(rule: "new", cooldown: 0, account: "a", conversation: "c", at: 30) == .capReached(retryAfter: 30))
        #expect(limiter.decide(rule: "new", cooldown: 0, account: "a", conversation: "c", at: 59.75) == .capReached(retryAfter: 0.25))
        #expect(limiter.decide(rule: "new", cooldown: 0, account: "a", conversation: "c", at: 60) == .allow)
        limiter.record(rule: "new", account: "a", conversation: "c", at: 60)
        // Now the window (0, 61] ... holds replies at 1…9 and 60: ten again, until 61.
        #expect(limiter.decide(rule: "next", cooldown: 0, account: "a", conversation: "c", at: 60.5) == .capReached(retryAfter: 0.5))
        #expect(limiter.decide(rule: "next", cooldown: 0, account: "a", conversation: "c", at: 61) == .allow)
        // Other conversations and accounts are not affected.
        #expect(limiter.decide(rule: "new", cooldown: 0, account: "a", conversation: "other", at: 30) == .allow)
        #expect(limiter.decide(rule: "new", cooldown: 0, account: "b", conversation: "c", at: 30) == .allow)
    }

    @Test func rebuildingFromHistoryInAnyOrderGivesTheSameDecisions() {
        let times: [Double] = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 0]
        var shuffled = ReplyLimiter()
        for time in times { shuffled.record(rule: "r", account: "a", conversation: "c", at: time) }
        var ordered = ReplyLimiter()
        for time in times.sorted() { ordered.record(rule: "r", account: "a", conversation: "c", at: time) }
        for now in stride(from: 10.0, through: 75, by: 0.5) {
            let decision = shuffled.decide(rule: "x", cooldown: 0, account: "a", conversation: "c", at: now)
            #expect(decision == ordered.decide(rule: "x", cooldown: 0, account: "a", conversation: "c", at: now))
        }
        // The latest record counts for the cooldown, whatever order the history came in.
        #expect(shuffled.decide(rule: "r", cooldown: 5, account: "a", conversation: "c", at: 14) == .cooldown(remaining: 1))
        // Eleven replies at 0…10: the newest ten (1…10) block until 61.
        #expect(shuffled.decide(rule: "x", cooldown: 0, account: "a", conversation: "c", at: 60.5) == .capReached(retryAfter: 0.5))
    }

    @Test func pruningForgetsOnlyWhatCanNoLongerBlock() {
        var limiter = ReplyLimiter()
        limiter.record(rule: "long", account: "a", conversation: "c1", at: 0)
        limiter.record(rule: "short", account: "a", conversation: "c2", at: 100)
        limiter.prune(at: 150, longestCooldown: 3600)
        #expect(limiter.decide(rule: "long", cooldown: 3600, account: "a", conversation: "c1", at: 150) == .cooldown(remaining: 3450))
        limiter.prune(at: 3700, longestCooldown: 3600)
        #expect(limiter.trackedCount == 0)
    }

    @Test func theEngineRespectsCooldownAndCapAndTheDefaultDoesNotStepIn() throws {
        let engine = try makeEngine("""
        {"rules": [{"name": "price", "keywords": ["价格"], "cooldown_s": 60,
                    "reply": {"messages": [{"type": "text", "text": "表"}]}}],
         "default": {"messages": [{"type": "text", "text": "稍后"}]}}
        """)
        var limiter = ReplyLimiter()
        var random = SplitMix64(seed: 1)
        let input = MatchInput(text: "价格", account: "sales", conversation: "c1")
        let first = engine.respond(to: input, now: 1000, timeZone: shanghai, limiter: &limiter, random: &random)
        #expect(first.matched && first.rule == "price")

        let again = engine.respond(to: input, now: 1030, timeZone: shanghai, limiter: &limiter, random: &random)
        #expect(!again.matched && again.rule == nil && again.replies.isEmpty)
        #expect(again.candidates == [.init(rule: "price", keyword: "价格", match: .contains, lostBecause: "in cooldown (30 s left)")])

        #expect(engine.respond(to: input, now: 1060, timeZone: shanghai, limiter: &limiter, random: &random).matched)

        // Fill the conversation's cap with default replies, then nothing answers at all.
        let chatter = MatchInput(text: "你好", account: "sales", conversation: "c2")
        for second in 0..<10 {
            #expect(engine.respond(to: chatter, now: 2000 + Double(second), timeZone: shanghai, limiter: &limiter, random: &random).rule == "default")
        }
        let capped = engine.respond(to: chatter, now: 2010, timeZone: shanghai, limiter: &limiter, random: &random)
        #expect(!capped.matched)
        #expect(capped.candidates.map(\.lostBecause) == ["conversation at its reply cap (50 s until it frees up)"])
    }
}
