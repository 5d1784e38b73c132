import Foundation

/// The tables and the goal check (docs/benchmarks.md, "Rule matching").
struct Report {
    let workloads: [Workload]
    /// Per workload (same order), one result per round.
    let evaluations: [[Trials.Result]]
    /// `RuleEngine.answer`: the winner only, what the service calls per message.
    let answers: [[Trials.Result]]
    let normalizations: [[Trials.Result]]

    func print() {
        Swift.print("\nSet-up (once per size)")
        Swift.print(row(["keywords", "rules", "file KiB", "load ms", "compile ms", "RSS MiB after"]))
        for workload in workloads {
            Swift.print(row([String(workload.keywordCount), String(workload.ruleCount),
                             fixed(Double(workload.ruleFileBytes) / 1024, 0),
                             fixed(workload.load.cpuMilliseconds, 1), fixed(workload.compile.cpuMilliseconds, 1),
                             fixed(workload.residentAfterMiB, 1)]))
        }
        Swift.print("(load = RuleSetLoader.load of the file's bytes; compile = RuleEngine(ruleSet); both thread CPU time)")

        Swift.print("\nMatching (one thread; medians of \(evaluations.first?.count ?? 0) rounds, sizes alternating)")
        Swift.print(row(["keywords", "answered", "rules hit/msg", "slow-path msgs", "normalize ns",
                         "answer ns (min–max)", "matches/s/core", "× cost of \(workloads[0].keywordCount)", "wall ns",
                         "evaluate ns", "× cost of \(workloads[0].keywordCount)"]))
        let base = median(answers[0].map(\.cpuNanosecondsPerMessage))
        let evaluateBase = median(evaluations[0].map(\.cpuNanosecondsPerMessage))
        for (index, workload) in workloads.enumerated() {
            let cpu = answers[index].map(\.cpuNanosecondsPerMessage)
            let cost = median(cpu)
            let evaluateCost = median(evaluations[index].map(\.cpuNanosecondsPerMessage))
            Swift.print(row([String(workload.keywordCount), percent(workload.answeredShare),
                             fixed(workload.rulesHitPerMessage, 2), percent(workload.slowPathShare),
                             fixed(median(normalizations[index].map(\.cpuNanosecondsPerMessage)), 0),
                             "\(fixed(cost, 0)) (\(fixed(cpu.min()!, 0))–\(fixed(cpu.max()!, 0)))",
                             thousands(1e9 / cost), fixed(cost / base, 2) + "×",
                             fixed(median(answers[index].map(\.wallNanosecondsPerMessage)), 0),
                             fixed(evaluateCost, 0), fixed(evaluateCost / evaluateBase, 2) + "×"]))
        }
        Swift.print("(ns per message of thread CPU time. answer = RuleEngine.answer, the winner and its rendered reply: what "
                    + "the service runs per message; evaluate = RuleEngine.evaluate, which also explains every losing rule "
                    + "(rules test). matches/s/core = 1e9 / answer ns; wall ns includes time other processes took)")
        goalCheck()
    }

    private func goalCheck() {
        Swift.print("\nGoal check (docs/benchmarks.md: cost flat, 100k keywords <= 2x the cost of 100; >= 1M matches/s per core "
                    + "at 10k; normalization <= 300 ns; on RuleEngine.answer)")
        let costs = Dictionary(uniqueKeysWithValues: zip(workloads.map(\.keywordCount),
                                                         answers.map { median($0.map(\.cpuNanosecondsPerMessage)) }))
        if let small = costs[100], let large = costs[100_000] {
            let ratio = large / small
            Swift.print("  flat:      cost(100k) / cost(100) = \(fixed(ratio, 2))x  (goal <= 2x)  \(ratio <= 2 ? "PASS" : "MISS")")
        } else {
            Swift.print("  flat:      not checked (needs sizes 100 and 100000)")
        }
        if let cost = costs[10_000] {
            let rate = 1e9 / cost
            Swift.print("  rate @10k: \(thousands(rate)) matches/s/core  (goal >= 1,000,000)  \(rate >= 1e6 ? "PASS" : "MISS")")
        } else {
            Swift.print("  rate @10k: not checked (needs size 10000)")
        }
        let normalize = median(normalizations.flatMap { $0.map(\.cpuNanosecondsPerMessage) })
        Swift.print("  normalize: \(fixed(normalize, 0)) ns per message  (goal <= 300)  \(normalize <= 300 ? "PASS" : "MISS")")
    }

    private func row(_ cells: [String]) -> String {
        cells.map { $0.count >= 14 ? $0 : String(repeating: " ", count: 14 - $0.count) + $0 }.joined(separator: " ")
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    private func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    private func thousands(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, digit) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return String(out.reversed())
    }
}
