import Core
import Foundation
import FuzzSupport
import Rules

/// The properties of `fuzz-rules`: the bytes as a rule file and as `materials.json` (the loader
/// either loads a sound set or names every problem with a real line), and as a message: normalized
/// exactly as Foundation's NFKC + lower case + trim would, and answered by a compiled fixed rule
/// set exactly as a naive reading of the precedence rules says (by `evaluate`, and by `answer`).
public func checkProperties(of raw: UnsafeRawBufferPointer) {
    let bytes = Array(raw)
    LoadChecks.run(bytes)

    // Matching is linear in the text; the first few KiB say as much as 64 KiB, faster.
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    NormalizationChecks.run(text)
    let mentioned = fingerprint(raw) & 1 == 1
    let inputs = [
        MatchInput(text: text, sender: "u1", conversation: "c1"),
        MatchInput(text: text, provider: .botadmin, account: "shop", chat: .group, mentioned: mentioned,
                   sender: "u1", conversation: "g1@chatroom"),
        MatchInput(text: text, provider: .yunzhenji, account: "other", sender: "u2", conversation: "c2"),
    ]
    for input in inputs {
        var random = SplitMix64(seed: 1)   // seeded: a crashing input replays the same choices
        let evaluation = FixedRules.engine.evaluate(input, now: 1_714_527_000, timeZone: FixedRules.timeZone,
                                                    limiter: ReplyLimiter(), random: &random)
        let expected = FixedRules.oracle.answer(input)
        let actual = MatchOracle.answer(of: evaluation)
        check(actual == expected, "\(input.chat) \(String(describing: input.provider)): engine \(actual), expected \(expected)")
        // The service's call, which keeps only the winner, must name the same one.
        var again = SplitMix64(seed: 1)
        let answer = FixedRules.engine.answer(input, now: 1_714_527_000, timeZone: FixedRules.timeZone,
                                              limiter: ReplyLimiter(), random: &again)
        check(answer?.rule == (evaluation.matched ? evaluation.rule : nil) && answer?.keyword == evaluation.keyword
                  && answer?.match == evaluation.match && (answer?.replies ?? []) == evaluation.replies,
              "\(input.chat): answer \(String(describing: answer)), evaluate \(actual)")
    }
}

/// Builds the fixed rule set and its oracle now, so that no input is charged with it (time, memory).
public func prepare() {
    _ = FixedRules.oracle
}
