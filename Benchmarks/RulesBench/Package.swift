// swift-tools-version:6.0
import PackageDescription

// The rule-matching benchmark (Benchmarks/rules-matching.sh): a package of its own, so that it stays
// out of wxhook's `swift build` and `swift test`. It times wxhook's real Rules module, taken as a
// library product from the package two folders up.
let package = Package(
    name: "RulesBench",
    products: [
        .executable(name: "RulesBench", targets: ["RulesBench"]),
    ],
    dependencies: [
        // Named, so that the products below resolve whatever the checkout's folder is called.
        .package(name: "wxhook", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "RulesBench",
            dependencies: [
                .product(name: "Rules", package: "wxhook"),
                .product(name: "Core", package: "wxhook"),
                .product(name: "JSON", package: "wxhook"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
