import Foundation
import TestSupport
import Testing

/// The libFuzzer targets' properties on every `swift test`: their seed corpora, then seeded
/// mutations, a fixed number of executions each (`WXHOOK_FUZZ_ITERATIONS`, `WXHOOK_FUZZ_SEED`
/// for more or other ones). Coverage-guided fuzzing for hours is `Benchmarks/fuzz.sh`.
@Suite struct FuzzTests {
    @Test("each fuzz target's properties hold on its seeds and seeded mutations of them",
          arguments: FuzzTarget.allCases)
    func propertiesHold(_ target: FuzzTarget) async throws {
        let settings = try FuzzSettings(environment: ProcessInfo.processInfo.environment)
        let seeds = try target.seeds()
        try #require(!seeds.isEmpty, "no seeds in Tests/Fuzz/Corpus/\(target)")
        let executions = settings.executions ?? target.defaultExecutions
        // Seconds of CPU: on a thread of its own, not on one of the two threads every other
        // test's awaits resume on (a campaign there once held a 20 ms sleep for 18 s).
        let (done, finding, seconds) = try await offPool { () -> (Int, String?, Double) in
            target.prepare()
            let campaign = Campaign(target: target.rawValue, seeds: seeds, words: target.words,
                                    favouredMutations: target.favouredMutations, executions: executions,
                                    seed: settings.seed, property: target.checkProperties)
            let started = ContinuousClock.now
            let outcome = campaign.run()
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return (outcome.executions, outcome.finding?.description, seconds)
        }
        print("\(target): \(done) executions (\(min(seeds.count, executions)) seed files, then mutations), "
              + "seed \(FuzzSettings.text(ofSeed: settings.seed)), \(String(format: "%.1f", seconds)) s")
        if let finding {
            Issue.record(Comment(rawValue: finding))
        }
    }
}
