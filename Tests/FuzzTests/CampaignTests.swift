import FuzzSupport
import Testing

/// The in-suite fuzzer itself: it must find what a property forbids, say how to replay it, and
/// make the same inputs from the same seed.
@Suite struct CampaignTests {
    private static let seeds: [[UInt8]] = [Array(#"{"msgtype":"text","text":{"content":"价格 12"}}"#.utf8),
                                           Array("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc".utf8)]

    private func campaign(seed: UInt64 = FuzzSettings.defaultSeed, executions: Int = 20_000,
                          property: @escaping (UnsafeRawBufferPointer) -> Void) -> Campaign {
        Campaign(target: "fuzz-test", seeds: Self.seeds, words: InterestingBytes.json, executions: executions,
                 seed: seed, property: property)
    }

    @Test func aViolatingMutationStopsTheRunAndIsReportedWithItsSeed() throws {
        let outcome = campaign(seed: 42) { input in
            check(!input.contains(0xFF), "a 0xFF byte")
        }.run()
        let finding = try #require(outcome.finding)
        #expect(outcome.executions == finding.execution)
        #expect(finding.execution > Self.seeds.count && !finding.fromSeedFile)
        #expect(finding.input.contains(0xFF))
        #expect(finding.violations.count == 1 && finding.violations[0].hasSuffix("a 0xFF byte"))
        #expect(finding.description.contains("seed 0x2a"))
        #expect(finding.description.contains(Finding.hexDigits(finding.input)))
        #expect(finding.description.contains("WXHOOK_FUZZ_ITERATIONS=\(finding.execution)"))
    }

    @Test func theSameSeedFindsTheSameInputAgain() throws {
        let property: (UnsafeRawBufferPointer) -> Void = { input in
            check(!input.contains(0x0D) || input.count < 200, "a CR in a long input")
        }
        let first = try #require(campaign(seed: 7, property: property).run().finding)
        let again = try #require(campaign(seed: 7, executions: first.execution, property: property).run().finding)
        #expect(again.execution == first.execution && again.input == first.input)
    }

    @Test func aSeedFileIsCheckedAsItIs() throws {
        let outcome = campaign { input in
            check(!input.starts(with: Array("GET".utf8)), "a GET")
        }.run()
        let finding = try #require(outcome.finding)
        #expect(finding.execution == 2 && finding.fromSeedFile && finding.input == Self.seeds[1])
    }

    @Test func aPropertyThatHoldsRunsEveryExecution() {
        var count = 0
        let outcome = campaign(executions: 500) { _ in count += 1 }.run()
        #expect(outcome.executions == 500 && outcome.finding == nil && count == 500)
    }

    @Test func withoutACampaignAViolationIsNotRecorded() {
        // The libFuzzer targets bind no log: there `check` stops the process instead.
        #expect(ViolationLog.current == nil)
    }
}
