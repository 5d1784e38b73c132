/// The command line of RulesBench (see `usage`).
struct Options {
    var sizes = [100, 1_000, 10_000, 100_000]
    var rounds = 5
    /// Thread CPU time each trial runs for, at least.
    var trialMilliseconds = 300
    var messages = 4_096
    var keywordShare = 0.3
    var emojiShare = 0.02
    var ellipsisShare = 0.1
    var seed: UInt64 = 20_251_122
    /// Only this keyword count, evaluated for `profileSeconds` (for `perf record`).
    var profileSize: Int?
    var profileSeconds = 10.0
    /// With `profileSize`: exactly this many passes of answer and of normalize over the messages,
    /// untimed, for instruction counters (Benchmarks/rules-instructions.sh).
    var profilePasses: Int?

    static let usage = """
        usage: RulesBench [--sizes 100,1000,10000,100000] [--rounds 5] [--trial-ms 300] [--messages 4096]
                          [--keyword-share 0.3] [--emoji-share 0.02] [--ellipsis-share 0.1] [--seed N]
               RulesBench --profile SIZE [--seconds 10] [...]   one size in a loop, for perf record
               RulesBench --profile SIZE --passes N [...]       N untimed passes, for valgrind --tool=callgrind
        """

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(_ arguments: [String]) throws(Invalid) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw Invalid(description: "\(flag) needs a value\n\(Self.usage)") }
            switch flag {
            case "--sizes":
                sizes = value.split(separator: ",").compactMap { Int($0) }
                guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= Corpus.keywordsPerRule }) else {
                    throw Invalid(description: "--sizes: comma-separated keyword counts of at least 10, got \(value)")
                }
            case "--rounds": rounds = try Self.number(flag, value, Int.init, least: 1)
            case "--trial-ms": trialMilliseconds = try Self.number(flag, value, Int.init, least: 10)
            case "--messages": messages = try Self.number(flag, value, Int.init, least: 1)
            case "--keyword-share": keywordShare = try Self.number(flag, value, Double.init, least: 0)
            case "--emoji-share": emojiShare = try Self.number(flag, value, Double.init, least: 0)
            case "--ellipsis-share": ellipsisShare = try Self.number(flag, value, Double.init, least: 0)
            case "--seed": seed = try Self.number(flag, value, UInt64.init, least: 0)
            case "--profile": profileSize = try Self.number(flag, value, Int.init, least: Corpus.keywordsPerRule)
            case "--seconds": profileSeconds = try Self.number(flag, value, Double.init, least: 0.1)
            case "--passes": profilePasses = try Self.number(flag, value, Int.init, least: 1)
            default: throw Invalid(description: "unknown flag \(flag)\n\(Self.usage)")
            }
        }
    }

    private static func number<Value: Comparable>(_ flag: String, _ text: String, _ parse: (String) -> Value?,
                                                  least: Value) throws(Invalid) -> Value {
        guard let value = parse(text), value >= least else {
            throw Invalid(description: "\(flag): expected a number of at least \(least), got \(text)")
        }
        return value
    }
}
