import Foundation
import Rules

// RulesBench: the cost of matching ~100-character chat messages against 100 … 100k `contains`
// keywords (docs/benchmarks.md, "Rule matching"). Run through Benchmarks/rules-matching.sh.

let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("RulesBench: \(error)\n".utf8))
    exit(64)
}

let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
    .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
print("RulesBench: seed \(options.seed), \(options.messages) messages of 80–120 characters, "
      + "\(Int(options.keywordShare * 100))% with a keyword, \(Int(options.emojiShare * 100))% with an emoji, "
      + "\(Int(options.ellipsisShare * 100))% with an ellipsis; "
      + "10 contains keywords per rule; load average \(loadAverage)")

/// The size of the generated messages, and two of them, so the reader can judge them.
func describe(_ texts: [String]) {
    let characters = Double(texts.map(\.count).reduce(0, +)) / Double(texts.count)
    let bytes = Double(texts.map(\.utf8.count).reduce(0, +)) / Double(texts.count)
    print("messages: \(Int(characters.rounded())) characters, \(Int(bytes.rounded())) UTF-8 bytes on average; for example:")
    for text in texts.prefix(2) { print("  \(text)") }
}

let corpus = Corpus(seed: options.seed)
var checksum = 0

if let size = options.profileSize {
    let workload = try Workload(keywords: size, corpus: corpus, options: options)
    if let passes = options.profilePasses {
        print("counting \(size) keywords: \(passes) passes of \(workload.inputs.count) messages")
        Trials.countedAnswers(workload, passes: passes, checksum: &checksum)
        Trials.countedNormalizations(workload, passes: passes, checksum: &checksum)
        print("(checksum \(checksum))")
        exit(0)
    }
    print("profiling \(size) keywords for \(options.profileSeconds) s")
    let result = Trials.answer(workload, minimumCPU: UInt64(options.profileSeconds * 1e9), checksum: &checksum)
    print("answer: \(Int(result.cpuNanosecondsPerMessage)) ns CPU per message over \(result.messages) messages "
          + "(checksum \(checksum))")
    exit(0)
}

var workloads: [Workload] = []
for size in options.sizes {
    let workload = try Workload(keywords: size, corpus: corpus, options: options)
    print("prepared \(size) keywords: load \(Int(workload.load.cpuMilliseconds)) ms, "
          + "compile \(Int(workload.compile.cpuMilliseconds)) ms")
    if workloads.isEmpty { describe(workload.inputs.map(\.text)) }
    workloads.append(workload)
}

let minimumCPU = UInt64(options.trialMilliseconds) * 1_000_000
var evaluations = Array(repeating: [Trials.Result](), count: workloads.count)
var answers = Array(repeating: [Trials.Result](), count: workloads.count)
var normalizations = Array(repeating: [Trials.Result](), count: workloads.count)
for round in 1...options.rounds {
    // Sizes alternate within a round, so a burst of load from elsewhere hits them all alike.
    for (index, workload) in workloads.enumerated() {
        normalizations[index].append(Trials.normalize(workload, minimumCPU: minimumCPU / 4, checksum: &checksum))
        answers[index].append(Trials.answer(workload, minimumCPU: minimumCPU, checksum: &checksum))
        evaluations[index].append(Trials.evaluate(workload, minimumCPU: minimumCPU, checksum: &checksum))
    }
    print("round \(round)/\(options.rounds): "
          + workloads.indices.map {
              "\(workloads[$0].keywordCount): answer \(Int(answers[$0].last!.cpuNanosecondsPerMessage)) ns, "
                  + "evaluate \(Int(evaluations[$0].last!.cpuNanosecondsPerMessage)) ns"
          }.joined(separator: "; "))
}

Report(workloads: workloads, evaluations: evaluations, answers: answers, normalizations: normalizations).print()
print("(checksum \(checksum))")
