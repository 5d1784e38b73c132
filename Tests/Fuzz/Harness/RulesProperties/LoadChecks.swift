import Core
import FuzzSupport
import Rules

/// The loader either refuses a set with problems a person can find (a file it was given, a line
/// that exists, in file then line order) or returns a set that keeps every promise of
/// docs/rules.md; and the engine built from a loaded set matches each rule's own keywords.
enum LoadChecks {
    /// A 公众号 export whose replies live in the fuzzed `materials.json`.
    static let export = Array(#"""
    [
      {"rule_name": "promotion", "keyword": [{"content": "优惠", "fuzzy": "1"}, {"content": "优惠券", "fuzzy": 0}],
       "reply_id": "promo", "reply_type": "text"},
      {"rule_name": "store-address", "keyword": [{"content": "地址", "fuzzy": true}], "reply_id": "address"},
      {"rule_name": "__subscribe", "reply_id": "welcome"}
    ]
    """#.utf8)

    static func run(_ bytes: [UInt8]) {
        let ruleFile = [(name: "rules.json", bytes: bytes)]
        let loaded = check(RuleSetLoader.load(files: ruleFile), ruleFile)
        if let loaded { checkOwnKeywordsMatch(loaded) }

        let materials = [(name: "materials.json", bytes: bytes), (name: "wechat-export.json", bytes: export)]
        if let set = check(RuleSetLoader.load(files: materials), materials) {
            FuzzSupport.check(set.rules.map(\.name) == ["promotion", "store-address"] && set.subscribeReply != nil,
                              "the export loaded as \(set.rules.map(\.name)), subscribe \(set.subscribeReply != nil)")
        }
    }

    /// The set when it loaded, after checking either outcome.
    private static func check(_ result: Result<RuleSet, RuleLoadErrors>,
                              _ files: [(name: String, bytes: [UInt8])]) -> RuleSet? {
        let names = files.map(\.name)
        switch result {
        case .failure(let errors):
            FuzzSupport.check(!errors.problems.isEmpty, "a refused set without problems")
            var previous = (file: 0, line: 0)
            for problem in errors.problems {
                guard let index = names.firstIndex(of: problem.file) else {
                    return failed("problem in a file never given: \(problem)")
                }
                let lines = 1 + files[index].bytes.count { $0 == UInt8(ascii: "\n") }
                FuzzSupport.check(problem.line >= 1 && problem.line <= lines, "no line \(problem.line) in \(lines): \(problem)")
                FuzzSupport.check(!problem.message.isEmpty, "problem without a message at \(problem.file):\(problem.line)")
                // Names are in sorted order here, so the given order is the file order.
                FuzzSupport.check((index, problem.line) >= previous, "problems out of order at \(problem)")
                previous = (index, problem.line)
            }
            return nil
        case .success(let set):
            FuzzSupport.check(set.files == names.sorted(), "files \(set.files)")
            var seen: Set<String> = []
            for rule in set.rules {
                FuzzSupport.check(seen.insert(rule.name).inserted && !rule.name.isEmpty
                                  && rule.name != RuleSet.defaultName && rule.name != RuleSet.subscribeName,
                                  "rule name \(rule.name.debugDescription) empty, reserved or used twice")
                FuzzSupport.check(names.contains(rule.file) && rule.line >= 1, "rule \(rule.name) from \(rule.file):\(rule.line)")
                FuzzSupport.check(!rule.keywords.isEmpty, "rule \(rule.name) without keywords")
                for keyword in rule.keywords {
                    FuzzSupport.check(!keyword.normalized.isEmpty && !keyword.text.isEmpty,
                                      "rule \(rule.name) has an empty keyword")
                }
                FuzzSupport.check(rule.cooldown >= 0 && rule.cooldown.isFinite, "rule \(rule.name) cooldown \(rule.cooldown)")
                checkReply(rule.reply, "rule \(rule.name)")
            }
            if let reply = set.defaultReply { checkReply(reply.reply, "default") }
            if let reply = set.subscribeReply { checkReply(reply.reply, "subscribe") }
            return set
        }
    }

    private static func checkReply(_ reply: Reply, _ owner: String) {
        FuzzSupport.check((1...Reply.maxMessages).contains(reply.messages.count),
                          "\(owner) has \(reply.messages.count) messages")
    }

    /// A message that is exactly one of a rule's keywords makes that rule win or lose visibly
    /// (a regex need not match its own pattern). A few keywords suffice; compiling is the cost.
    private static func checkOwnKeywordsMatch(_ set: RuleSet) {
        let engine = RuleEngine(set)
        var checked = 0
        for rule in set.rules {
            for keyword in rule.keywords.prefix(2) where keyword.match != .regex {
                guard checked < 8 else { return }
                checked += 1
                var random = SplitMix64(seed: 1)
                let evaluation = engine.evaluate(MatchInput(text: keyword.text), now: 0, timeZone: FixedRules.timeZone,
                                                 limiter: ReplyLimiter(), random: &random)
                FuzzSupport.check(evaluation.rule == rule.name || evaluation.candidates.contains { $0.rule == rule.name },
                                  "the keyword \(keyword.text.debugDescription) of rule \(rule.name) does not reach it: \(evaluation)")
            }
        }
    }

    private static func failed<T>(_ message: String) -> T? {
        FuzzSupport.check(false, message)
        return nil
    }
}
