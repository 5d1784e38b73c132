import Foundation
import HTTPParserProperties
import HTTPResponseProperties
import InboundProperties
import JSONProperties
import RulesProperties

/// The libFuzzer targets of Tests/Fuzz, with the very properties they check and their committed
/// seed corpora, for the bounded run every `swift test` makes.
enum FuzzTarget: String, CaseIterable, Sendable, CustomStringConvertible {
    case httpParser = "fuzz-http-parser"
    case httpResponse = "fuzz-http-response"
    case json = "fuzz-json"
    case inbound = "fuzz-inbound"
    case rules = "fuzz-rules"

    var description: String { rawValue }

    /// Executions per `swift test`: together a few seconds of a debug build on two cores (the
    /// rules target checks the most per input). `WXHOOK_FUZZ_ITERATIONS` sets them all.
    var defaultExecutions: Int {
        switch self {
        case .httpParser: 5000
        case .httpResponse: 5000
        case .json: 3000
        case .inbound: 8000
        case .rules: 1500
        }
    }

    /// Words for the mutator beyond the shared ones and those of the seeds.
    var words: [[UInt8]] {
        switch self {
        case .httpParser, .httpResponse: InterestingBytes.http
        case .json, .inbound, .rules: InterestingBytes.json
        }
    }

    /// The mutations that keep an input in the target's format, mostly.
    var favouredMutations: [Mutator.Mutation] {
        switch self {
        case .httpParser, .httpResponse: [.changeLineEnding, .replaceNumber, .insertWord]
        case .json, .inbound, .rules: [.replaceNumber, .replaceStringContent, .replaceString]
        }
    }

    func checkProperties(of input: UnsafeRawBufferPointer) {
        switch self {
        case .httpParser: HTTPParserProperties.checkProperties(of: input)
        case .httpResponse: HTTPResponseProperties.checkProperties(of: input)
        case .json: JSONProperties.checkProperties(of: input)
        case .inbound: InboundProperties.checkProperties(of: input)
        case .rules: RulesProperties.checkProperties(of: input)
        }
    }

    /// Work done once before the first input, as the libFuzzer target does it.
    func prepare() {
        if self == .rules { RulesProperties.prepare() }
    }

    /// `Tests/Fuzz/Corpus/<target>/`, every file in name order.
    func seeds() throws -> [[UInt8]] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/Corpus/\(rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }
}
