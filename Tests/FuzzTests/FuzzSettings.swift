/// How much the in-suite fuzzer runs and where it starts: each target's default number of
/// executions and a fixed seed (the same inputs on every CI run), unless the environment says
/// otherwise for a longer run by hand or a replay.
struct FuzzSettings {
    /// The bytes of "wxhook".
    static let defaultSeed: UInt64 = 0x7778_686F_6F6B

    /// Executions per target; nil for each target's default.
    var executions: Int?
    var seed = defaultSeed

    /// Reads `WXHOOK_FUZZ_ITERATIONS` (a positive count) and `WXHOOK_FUZZ_SEED` (decimal or 0x hex).
    init(environment: [String: String]) throws(InvalidSetting) {
        if let text = environment["WXHOOK_FUZZ_ITERATIONS"] {
            guard let count = Int(text), count > 0 else {
                throw InvalidSetting(variable: "WXHOOK_FUZZ_ITERATIONS", value: text, expected: "a positive number of executions")
            }
            executions = count
        }
        if let text = environment["WXHOOK_FUZZ_SEED"] {
            let parsed = text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            guard let parsed else {
                throw InvalidSetting(variable: "WXHOOK_FUZZ_SEED", value: text, expected: "a 64-bit number, decimal or 0x hex")
            }
            seed = parsed
        }
    }

    /// The seed as `WXHOOK_FUZZ_SEED` takes it back.
    static func text(ofSeed seed: UInt64) -> String {
        "0x" + String(seed, radix: 16)
    }
}

struct InvalidSetting: Error, CustomStringConvertible {
    var variable: String
    var value: String
    var expected: String

    var description: String {
        "\(variable)=\(value.debugDescription) is not \(expected)"
    }
}
