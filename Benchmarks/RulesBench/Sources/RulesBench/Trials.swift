import Foundation
import Rules

/// Timed loops over a workload's messages, on this thread only.
enum Trials {
    /// A fixed "now" and zone: the replies' `{{date}}`-free templates never read them, but the
    /// engine takes them.
    static let now = 1_763_700_000.0
    static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current

    struct Result {
        var cpuNanosecondsPerMessage: Double
        var wallNanosecondsPerMessage: Double
        var messages: Int
    }

    /// `engine.evaluate` on every message, round after round, for at least `minimumCPU` ns.
    static func evaluate(_ workload: Workload, minimumCPU: UInt64, checksum: inout Int) -> Result {
        var random = SplitMix64(seed: 1)
        let limiter = ReplyLimiter()
        return timed(messages: workload.inputs.count, minimumCPU: minimumCPU) {
            for input in workload.inputs {
                let evaluation = workload.engine.evaluate(input, now: now, timeZone: timeZone, limiter: limiter,
                                                          random: &random)
                checksum &+= evaluation.replies.count &+ evaluation.candidates.count
            }
        }
    }

    /// `engine.answer` on every message: the winner only, as the service asks.
    static func answer(_ workload: Workload, minimumCPU: UInt64, checksum: inout Int) -> Result {
        var random = SplitMix64(seed: 1)
        let limiter = ReplyLimiter()
        return timed(messages: workload.inputs.count, minimumCPU: minimumCPU) {
            for input in workload.inputs {
                let answer = workload.engine.answer(input, now: now, timeZone: timeZone, limiter: limiter, random: &random)
                checksum &+= answer?.replies.count ?? 0
            }
        }
    }

    /// `TextNormalizer.normalize` alone: the part of `evaluate` that does not depend on the rules.
    static func normalize(_ workload: Workload, minimumCPU: UInt64, checksum: inout Int) -> Result {
        timed(messages: workload.inputs.count, minimumCPU: minimumCPU) {
            for input in workload.inputs {
                checksum &+= TextNormalizer.normalize(input.text, inGroup: false).utf8.count
            }
        }
    }

    /// `answer` on every message, `passes` times, untimed: what instruction counters read
    /// (Benchmarks/rules-instructions.sh looks this function up by name, so it is never inlined).
    @inline(never)
    static func countedAnswers(_ workload: Workload, passes: Int, checksum: inout Int) {
        var random = SplitMix64(seed: 1)
        let limiter = ReplyLimiter()
        for _ in 0..<passes {
            for input in workload.inputs {
                let answer = workload.engine.answer(input, now: now, timeZone: timeZone, limiter: limiter, random: &random)
                checksum &+= answer?.replies.count ?? 0
            }
        }
    }

    /// `TextNormalizer.normalize` on every message, `passes` times, untimed.
    @inline(never)
    static func countedNormalizations(_ workload: Workload, passes: Int, checksum: inout Int) {
        for _ in 0..<passes {
            for input in workload.inputs {
                checksum &+= TextNormalizer.normalize(input.text, inGroup: false).utf8.count
            }
        }
    }

    private static func timed(messages: Int, minimumCPU: UInt64, _ pass: () -> Void) -> Result {
        pass()  // warm: caches, branch predictors, lazily built tables
        let cpu = Clock.threadCPU(), wall = Clock.wall()
        var passes = 0
        repeat {
            pass()
            passes += 1
        } while Clock.threadCPU() - cpu < minimumCPU
        let count = Double(passes * messages)
        return Result(cpuNanosecondsPerMessage: Double(Clock.threadCPU() - cpu) / count,
                      wallNanosecondsPerMessage: Double(Clock.wall() - wall) / count, messages: passes * messages)
    }
}
