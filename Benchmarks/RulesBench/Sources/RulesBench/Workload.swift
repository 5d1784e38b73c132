import Core
import Rules

/// One keyword count, ready to measure: the set loaded from its rule file and compiled, the
/// messages to match, and what loading them cost.
struct Workload {
    let keywordCount: Int
    let ruleCount: Int
    let engine: RuleEngine
    let inputs: [MatchInput]
    /// `RuleSetLoader.load` of the rule file's bytes (parse, validate, normalize keywords, templates).
    let load: Cost
    /// `RuleEngine(ruleSet)`: the keyword automaton and tables.
    let compile: Cost
    let ruleFileBytes: Int
    let residentAfterMiB: Double
    /// Share of messages some rule answers, and keyword rules hit per message (winner and losers).
    let answeredShare: Double
    let rulesHitPerMessage: Double
    /// Share of messages the normalizer hands to Foundation whole (`TextNormalizer.staysOffFoundation`).
    let slowPathShare: Double

    struct Cost {
        var cpuMilliseconds: Double
        var wallMilliseconds: Double

        static func measure<Result>(_ body: () throws -> Result) rethrows -> (Result, Cost) {
            let cpu = Clock.threadCPU(), wall = Clock.wall()
            let result = try body()
            return (result, Cost(cpuMilliseconds: Double(Clock.threadCPU() - cpu) / 1e6,
                                 wallMilliseconds: Double(Clock.wall() - wall) / 1e6))
        }
    }

    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    init(keywords keywordCount: Int, corpus: Corpus, options: Options) throws {
        self.keywordCount = keywordCount
        let seed = options.seed &+ UInt64(keywordCount)
        let keywords = corpus.keywords(keywordCount, seed: seed)
        let file = corpus.ruleFile(keywords: keywords, seed: seed &+ 1)
        ruleFileBytes = file.count
        let (loaded, load) = Cost.measure { RuleSetLoader.load(files: [("bench.json", file)]) }
        let ruleSet: RuleSet
        switch loaded {
        case .success(let set): ruleSet = set
        case .failure(let errors): throw LoadFailure(description: "the generated rule file does not load:\n\(errors)")
        }
        ruleCount = ruleSet.rules.count
        let (engine, compile) = Cost.measure { RuleEngine(ruleSet) }
        self.engine = engine
        self.load = load
        self.compile = compile
        residentAfterMiB = Clock.residentMiB()

        // The same message seed for every size: the same filler text, keywords of this set in it.
        let texts = corpus.messages(options.messages, keywords: keywords, keywordShare: options.keywordShare,
                                    emojiShare: options.emojiShare, ellipsisShare: options.ellipsisShare, seed: options.seed &+ 7)
        inputs = texts.enumerated().map { index, text in
            MatchInput(text: text, provider: .botadmin, account: "shop", chat: .private,
                       sender: "user-\(index)", conversation: "conversation-\(index)")
        }
        var answered = 0, hits = 0
        for input in inputs {
            let evaluation = engine.evaluate(input, now: Trials.now, timeZone: Trials.timeZone)
            if evaluation.matched { answered += 1; hits += 1 }
            hits += evaluation.candidates.count
        }
        answeredShare = Double(answered) / Double(inputs.count)
        rulesHitPerMessage = Double(hits) / Double(inputs.count)
        slowPathShare = Double(texts.filter { !TextNormalizer.staysOffFoundation($0) }.count) / Double(texts.count)
    }
}
