import FuzzSupport

/// A bounded, seeded fuzz run of one property: the seeds as they are, then mutations of them, up
/// to a number of executions or the first input that violates the property. The same seed makes
/// the same inputs, so a finding replays.
struct Campaign {
    struct Outcome {
        var executions: Int
        var finding: Finding?
    }

    var target: String
    var seeds: [[UInt8]]
    var words: [[UInt8]]
    var favouredMutations: [Mutator.Mutation] = []
    var executions: Int
    var seed: UInt64
    /// Calls `FuzzSupport.check`, whose violations the campaign collects.
    var property: (UnsafeRawBufferPointer) -> Void

    func run() -> Outcome {
        let log = ViolationLog()
        return ViolationLog.$current.withValue(log) {
            // Each target its own sequence from the one seed printed and given back.
            let targetSeed = seed ^ Array(target.utf8).withUnsafeBytes(fingerprint)
            var mutator = Mutator(seeds: seeds, words: words, favouring: favouredMutations, seed: targetSeed)
            for execution in 0..<executions {
                let input = execution < seeds.count ? seeds[execution] : mutator.next()
                input.withUnsafeBytes(property)
                let violations = log.take()
                if !violations.isEmpty {
                    let finding = Finding(target: target, seed: seed, execution: execution + 1,
                                          fromSeedFile: execution < seeds.count, input: input, violations: violations)
                    return Outcome(executions: execution + 1, finding: finding)
                }
            }
            return Outcome(executions: executions, finding: nil)
        }
    }
}
