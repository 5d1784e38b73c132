// swift-tools-version:6.0
import PackageDescription

// The rule-matching benchmark (Benchmarks/rules-matching.sh). A package of its own so that it
// stays out of the main package's `swift build` and `swift test`. Its Core, JSON and Rules
// targets are relative symlinks to the real sources (SwiftPM wants target paths inside the
// package root), with the same dependency graph as /work/main/Package.swift.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "RulesBench",
    products: [
        .executable(name: "RulesBench", targets: ["RulesBench"]),
    ],
    targets: [
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "Core", dependencies: ["JSON"], swiftSettings: strict),
        .target(name: "Rules", dependencies: ["Core", "JSON"], swiftSettings: strict),
        .executableTarget(name: "RulesBench", dependencies: ["Rules", "Core", "JSON"], swiftSettings: strict),
    ]
)
