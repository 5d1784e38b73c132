// swift-tools-version:6.0
import PackageDescription

// The ingest benchmark's peer: the bot-admin webhook receiver most Swift users would write, on
// Hummingbird 2 and the system SQLite. It is a package of its own, built only by
// Benchmarks/ingest.sh, so that wxhook itself keeps depending on no third-party package.
let package = Package(
    name: "HummingbirdPeer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite3", path: "Sources/CSQLite3", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "HummingbirdPeer",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), "CSQLite3"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
