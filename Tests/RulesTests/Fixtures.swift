import Core
import Foundation
import JSON
@testable import Rules

/// Loads rule files given as (name, text) literals.
func load(_ files: [(String, String)]) -> Result<RuleSet, RuleLoadErrors> {
    RuleSetLoader.load(files: files.map { (name: $0.0, bytes: Array($0.1.utf8)) })
}

/// The problems of a set that must not load ([] when it loaded).
func problems(_ files: [(String, String)]) -> [String] {
    switch load(files) {
    case .success: []
    case .failure(let errors): errors.lines
    }
}

struct SetDidNotLoad: Error, CustomStringConvertible {
    let errors: RuleLoadErrors
    var description: String { errors.description }
}

/// A rule set that must load.
func ruleSet(_ files: [(String, String)]) throws -> RuleSet {
    switch load(files) {
    case .success(let set): set
    case .failure(let errors): throw SetDidNotLoad(errors: errors)
    }
}

/// An engine over one native rule file.
func makeEngine(_ text: String) throws -> RuleEngine {
    RuleEngine(try ruleSet([("rules.json", text)]))
}

let shanghai = TimeZone(identifier: "Asia/Shanghai")!

/// 2024-05-01 09:30:00 in Shanghai (01:30 UTC).
let mayDayMorning: Double = 1_714_527_000

extension RuleEngine {
    /// Evaluates with a fixed clock, no history and a seeded random source.
    func test(_ input: MatchInput, limiter: ReplyLimiter = ReplyLimiter(), seed: UInt64 = 1) -> Evaluation {
        var random = SplitMix64(seed: seed)
        return evaluate(input, now: mayDayMorning, timeZone: shanghai, limiter: limiter, random: &random)
    }

    func test(_ text: String, chat: ChatKind = .private, mentioned: Bool = false) -> Evaluation {
        test(MatchInput(text: text, chat: chat, mentioned: mentioned, sender: "tester", conversation: "c1"))
    }
}

/// A one-rule native file around the given rule members.
func singleRule(_ members: String) -> String {
    """
    {"rules": [{\(members), "reply": {"messages": [{"type": "text", "text": "ok"}]}}]}
    """
}
