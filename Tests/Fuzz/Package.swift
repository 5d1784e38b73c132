// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for wxhook's parsers, kept out of the main package so that `swift build` and
// `swift test` never see them. The module folders under Sources/ are symlinks to the real ones in
// ../../Sources (SwiftPM wants target paths inside the package root), so the fuzzers always test
// the code that ships. Build and run them with Benchmarks/fuzz.sh: they only link with
// `-sanitize=fuzzer`, which supplies libFuzzer's driver.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "wxhook-fuzz",
    products: [
        .executable(name: "fuzz-http-parser", targets: ["HTTPParserFuzz"]),
        .executable(name: "fuzz-json", targets: ["JSONFuzz"]),
        .executable(name: "fuzz-inbound", targets: ["InboundFuzz"]),
        .executable(name: "fuzz-rules", targets: ["RulesFuzz"]),
    ],
    targets: [
        // The modules under test, exactly as /work/main/Package.swift declares them.
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "HTTP", swiftSettings: strict),
        .target(name: "Core", dependencies: ["JSON"], swiftSettings: strict),
        .target(name: "Rules", dependencies: ["Core", "JSON"], swiftSettings: strict),
        .target(name: "Providers", dependencies: ["Core", "JSON"], swiftSettings: strict),

        // What every fuzz target shares: property checks that stop the run with a message.
        .systemLibrary(name: "CFuzzing", path: "Harness/CFuzzing"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzing"], path: "Harness/FuzzSupport", swiftSettings: strict),

        .executableTarget(name: "HTTPParserFuzz", dependencies: ["HTTP", "FuzzSupport"],
                          path: "Harness/HTTPParserFuzz", swiftSettings: strict),
        .executableTarget(name: "JSONFuzz", dependencies: ["JSON", "FuzzSupport"],
                          path: "Harness/JSONFuzz", swiftSettings: strict),
        .executableTarget(name: "InboundFuzz", dependencies: ["Providers", "Core", "JSON", "FuzzSupport"],
                          path: "Harness/InboundFuzz", swiftSettings: strict),
        .executableTarget(name: "RulesFuzz", dependencies: ["Rules", "Core", "JSON", "FuzzSupport"],
                          path: "Harness/RulesFuzz", swiftSettings: strict),
    ]
)
