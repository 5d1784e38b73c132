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
        .executable(name: "fuzz-http-response", targets: ["HTTPResponseFuzz"]),
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
        .target(name: "HTTPClient", dependencies: ["HTTP"], swiftSettings: strict),
        .target(name: "Providers", dependencies: ["Core", "JSON", "HTTPClient"], swiftSettings: strict),

        // The properties each target checks, in plain libraries without libFuzzer: the main
        // package's FuzzTests checks the same ones on every `swift test` (see README.md).
        .systemLibrary(name: "CStringSearch", path: "Harness/CStringSearch"),
        .target(name: "FuzzSupport", path: "Harness/FuzzSupport", swiftSettings: strict),
        .target(name: "HTTPParserProperties", dependencies: ["HTTP", "FuzzSupport"],
                path: "Harness/HTTPParserProperties", swiftSettings: strict),
        .target(name: "HTTPResponseProperties", dependencies: ["HTTP", "FuzzSupport"],
                path: "Harness/HTTPResponseProperties", swiftSettings: strict),
        .target(name: "JSONProperties", dependencies: ["JSON", "FuzzSupport"],
                path: "Harness/JSONProperties", swiftSettings: strict),
        .target(name: "InboundProperties", dependencies: ["Providers", "Core", "JSON", "FuzzSupport"],
                path: "Harness/InboundProperties", swiftSettings: strict),
        .target(name: "RulesProperties", dependencies: ["Rules", "Core", "JSON", "FuzzSupport", "CStringSearch"],
                path: "Harness/RulesProperties", swiftSettings: strict),

        // libFuzzer's driver and the thin executables that hand it each target's properties.
        .systemLibrary(name: "CFuzzing", path: "Harness/CFuzzing"),
        .target(name: "FuzzDriver", dependencies: ["CFuzzing"], path: "Harness/FuzzDriver", swiftSettings: strict),
        .executableTarget(name: "HTTPParserFuzz", dependencies: ["HTTPParserProperties", "FuzzDriver"],
                          path: "Harness/HTTPParserFuzz", swiftSettings: strict),
        .executableTarget(name: "HTTPResponseFuzz", dependencies: ["HTTPResponseProperties", "FuzzDriver"],
                          path: "Harness/HTTPResponseFuzz", swiftSettings: strict),
        .executableTarget(name: "JSONFuzz", dependencies: ["JSONProperties", "FuzzDriver"],
                          path: "Harness/JSONFuzz", swiftSettings: strict),
        .executableTarget(name: "InboundFuzz", dependencies: ["InboundProperties", "FuzzDriver"],
                          path: "Harness/InboundFuzz", swiftSettings: strict),
        .executableTarget(name: "RulesFuzz", dependencies: ["RulesProperties", "FuzzDriver"],
                          path: "Harness/RulesFuzz", swiftSettings: strict),
    ]
)
