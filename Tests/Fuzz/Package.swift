// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for wxhook's parsers: a package of its own, so that wxhook's `swift build` and
// `swift test` never build them (they only link with `-sanitize=fuzzer`, which supplies libFuzzer's
// driver). The properties each target checks are wxhook's own library products, taken from the
// package two folders up, so the fuzzers always test the code that ships. Build and run them with
// Benchmarks/fuzz.sh.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "wxhook-fuzz",
    products: [
        .executable(name: "fuzz-http-parser", targets: ["HTTPParserFuzz"]),
        .executable(name: "fuzz-http-response", targets: ["HTTPResponseFuzz"]),
        .executable(name: "fuzz-json", targets: ["JSONFuzz"]),
        .executable(name: "fuzz-inbound", targets: ["InboundFuzz"]),
        .executable(name: "fuzz-rules", targets: ["RulesFuzz"]),
    ],
    dependencies: [
        // Named, so that the products below resolve whatever the checkout's folder is called.
        .package(name: "wxhook", path: "../.."),
    ],
    targets: [
        // libFuzzer's driver and the thin executables that hand it each target's properties.
        .systemLibrary(name: "CFuzzing", path: "Harness/CFuzzing"),
        .target(name: "FuzzDriver", dependencies: ["CFuzzing"], path: "Harness/FuzzDriver", swiftSettings: strict),
        .executableTarget(name: "HTTPParserFuzz",
                          dependencies: [.product(name: "HTTPParserProperties", package: "wxhook"), "FuzzDriver"],
                          path: "Harness/HTTPParserFuzz", swiftSettings: strict),
        .executableTarget(name: "HTTPResponseFuzz",
                          dependencies: [.product(name: "HTTPResponseProperties", package: "wxhook"), "FuzzDriver"],
                          path: "Harness/HTTPResponseFuzz", swiftSettings: strict),
        .executableTarget(name: "JSONFuzz",
                          dependencies: [.product(name: "JSONProperties", package: "wxhook"), "FuzzDriver"],
                          path: "Harness/JSONFuzz", swiftSettings: strict),
        .executableTarget(name: "InboundFuzz",
                          dependencies: [.product(name: "InboundProperties", package: "wxhook"), "FuzzDriver"],
                          path: "Harness/InboundFuzz", swiftSettings: strict),
        .executableTarget(name: "RulesFuzz",
                          dependencies: [.product(name: "RulesProperties", package: "wxhook"), "FuzzDriver"],
                          path: "Harness/RulesFuzz", swiftSettings: strict),
    ]
)
