// swift-tools-version:6.0
import PackageDescription

// wxhook: no third-party packages. Foundation, Dispatch, Synchronization and the system
// SQLite (libsqlite3-dev) only. The target graph is the architecture: a pure core, edges that
// depend inward, and one executable that wires them.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "wxhook",
    products: [
        .executable(name: "wxhook", targets: ["wxhook"]),
        // For the packages beside this one that name it as a local dependency by path (../..):
        // Benchmarks/RulesBench times the rules engine, Tests/Fuzz drives the fuzzing properties
        // with libFuzzer. Each property is its own product, so a fuzz target builds only the
        // modules it checks.
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Core", targets: ["Core"]),
        .library(name: "Rules", targets: ["Rules"]),
        .library(name: "HTTPParserProperties", targets: ["HTTPParserProperties"]),
        .library(name: "HTTPResponseProperties", targets: ["HTTPResponseProperties"]),
        .library(name: "JSONProperties", targets: ["JSONProperties"]),
        .library(name: "InboundProperties", targets: ["InboundProperties"]),
        .library(name: "RulesProperties", targets: ["RulesProperties"]),
    ],
    targets: [
        // The one place that calls the OS: syscalls, sockets, epoll, clocks, threads, signals.
        .target(name: "Platform", swiftSettings: strict),
        // key=value log lines, written in batches by a thread of their own.
        .target(name: "Logging", dependencies: ["Platform"], swiftSettings: strict),

        // Edges: the system SQLite library and our thin layer over it.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SQLite", dependencies: ["CSQLite", "Platform"], swiftSettings: strict),
        // libpq, loaded at run time (dlopen): the build needs no PostgreSQL headers and a SQLite
        // deployment never loads it.
        .target(name: "PostgreSQL", dependencies: ["Platform"], swiftSettings: strict),

        // Pure building blocks: JSON values and the HTTP/1.1 wire protocol (no sockets).
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "HTTP", swiftSettings: strict),

        // The socket client for plain-http providers (keep-alive, deadlines, threads of its own),
        // and the transports that carry provider requests: http on it, https on URLSession.
        .target(name: "HTTPClient", dependencies: ["HTTP", "Core", "Platform"], swiftSettings: strict),

        // The socket server: epoll loops, connections, deadlines, graceful shutdown.
        .target(name: "Server", dependencies: ["HTTP", "Platform"], swiftSettings: strict),

        // The pure core, no I/O: events and messages; the delivery state machine; the rules engine.
        .target(name: "Core", dependencies: ["JSON"], swiftSettings: strict),
        .target(name: "Delivery", dependencies: ["Core"], swiftSettings: strict),
        .target(name: "Rules", dependencies: ["Core", "JSON"], swiftSettings: strict),
        // Provider wire formats: decode inbound payloads, encode sends, classify answers. No
        // transport (those are in HTTPClient): fuzzing a decoder compiles no client.
        .target(name: "Providers", dependencies: ["Core", "JSON"], swiftSettings: strict),

        // `wxhook sim`: every provider played on one port, for development, the demo and tests.
        .target(name: "Simulator", dependencies: ["Providers", "Core", "JSON", "HTTP", "HTTPClient", "Server", "Platform"],
                swiftSettings: strict),

        // The store as protocols, and one folder per engine behind them: all SQL lives here.
        .target(name: "Storage", dependencies: ["Core", "Delivery", "JSON", "SQLite", "PostgreSQL", "Platform"],
                swiftSettings: strict),

        // The operator console: real .html/.css/.js files in Sources/Dashboard/Page, embedded in
        // the binary at build time.
        .target(name: "Dashboard", dependencies: ["HTTP"],
                resources: [.embedInCode("Page/index.html"), .embedInCode("Page/style.css"),
                            .embedInCode("Page/script")],
                swiftSettings: strict),

        // Configuration: the JSON file, environment overrides, defaults, validation.
        .target(name: "Configuration", dependencies: ["Core", "JSON", "PostgreSQL", "Platform"], swiftSettings: strict),
        // The wiring: ingest, dispatcher, reconciler, admin API, over the store's protocols.
        .target(name: "Service",
                dependencies: ["Core", "Delivery", "Rules", "Providers", "Configuration", "Dashboard", "JSON", "HTTP",
                               "HTTPClient", "Server", "Storage", "PostgreSQL", "Logging", "Platform"],
                resources: [.embedInCode("OpenAPI/openapi.json")],
                swiftSettings: strict),
        // Command line: parse flags into commands; no service code.
        .target(name: "CLI", dependencies: ["Configuration", "Core", "JSON", "PostgreSQL"], swiftSettings: strict),
        .executableTarget(name: "wxhook", dependencies: ["CLI", "Service", "Simulator", "Configuration", "Core", "Rules", "JSON", "Logging", "Platform"], swiftSettings: strict),

        .testTarget(name: "PlatformTests", dependencies: ["Platform"], swiftSettings: strict),
        .testTarget(name: "LoggingTests", dependencies: ["Logging", "Platform"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "Core"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"], swiftSettings: strict),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTP", "Server", "TestSupport"],
                    swiftSettings: strict),
        // Test support shared by the test targets: child processes without Foundation's `Process`.
        // The throwaway PostgreSQL database per test (TestPostgres) lives here too.
        .target(name: "TestSupport", dependencies: ["Platform", "PostgreSQL"], path: "Tests/TestSupport", swiftSettings: strict),
        // The one harness for tests that run wxhook: `serve` in process or as the binary, on port
        // 0 with a folder of its own, `wxhook sim` beside it, answers decoded into typed views.
        .target(name: "ServiceHarness", dependencies: ["Service", "Simulator", "Configuration", "JSON", "Logging",
                                                       "Platform", "TestSupport"],
                path: "Tests/ServiceHarness", swiftSettings: strict),
        .testTarget(name: "ServerTests", dependencies: ["Server", "HTTP", "Platform", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: strict),
        // Against a real server (WXHOOK_TEST_POSTGRES): see TestPostgres.
        .testTarget(name: "PostgreSQLTests", dependencies: ["PostgreSQL", "Platform", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CoreTests", dependencies: ["Core", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "Core"], swiftSettings: strict),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Core", "JSON"], swiftSettings: strict),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Core", "JSON"], swiftSettings: strict),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Core", "JSON"], swiftSettings: strict),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Providers", "Core", "JSON", "HTTP", "HTTPClient", "Server", "CLI"],
                    swiftSettings: strict),
        // The store-level conformance suite: every test runs against each engine's factory; engine-only
        // tests (SQLite/) say why.
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Core", "Delivery", "JSON", "SQLite", "PostgreSQL", "Platform",
                                                       "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ServiceTests",
                    dependencies: ["Service", "Storage", "Configuration", "Core", "Delivery", "JSON", "HTTP", "Server",
                                   "SQLite", "PostgreSQL", "Logging", "TestSupport", "ServiceHarness"],
                    swiftSettings: strict),
        // The page under Node.js, and in headless Chromium against a real `serve` (DashboardBrowserTests).
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "HTTP", "JSON", "TestSupport", "ServiceHarness"],
                    swiftSettings: strict),
        // deploy/: the Debian package's contents and control data, the unit (systemd-analyze).
        .testTarget(name: "DeployTests", dependencies: ["TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["CLI", "Configuration", "PostgreSQL"], swiftSettings: strict),
        // The house rules the compiler cannot check, read off the source tree: SQL only in the
        // storage modules, system calls only in Platform, no pointers outside the repository.
        .testTarget(name: "ArchitectureTests", swiftSettings: strict),

        // The properties of the libFuzzer targets in Tests/Fuzz (a package of its own, which
        // depends on this one for them), checked on every `swift test` on their seed corpora and
        // seeded mutations by FuzzTests.
        .systemLibrary(name: "CStringSearch", path: "Tests/Fuzz/Harness/CStringSearch"),
        .target(name: "FuzzSupport", path: "Tests/Fuzz/Harness/FuzzSupport", swiftSettings: strict),
        .target(name: "HTTPParserProperties", dependencies: ["HTTP", "FuzzSupport"],
                path: "Tests/Fuzz/Harness/HTTPParserProperties", swiftSettings: strict),
        .target(name: "HTTPResponseProperties", dependencies: ["HTTP", "FuzzSupport"],
                path: "Tests/Fuzz/Harness/HTTPResponseProperties", swiftSettings: strict),
        .target(name: "JSONProperties", dependencies: ["JSON", "FuzzSupport"],
                path: "Tests/Fuzz/Harness/JSONProperties", swiftSettings: strict),
        .target(name: "InboundProperties", dependencies: ["Providers", "Core", "JSON", "FuzzSupport"],
                path: "Tests/Fuzz/Harness/InboundProperties", swiftSettings: strict),
        .target(name: "RulesProperties", dependencies: ["Rules", "Core", "JSON", "FuzzSupport", "CStringSearch"],
                path: "Tests/Fuzz/Harness/RulesProperties", swiftSettings: strict),
        .testTarget(name: "FuzzTests",
                    dependencies: ["Core", "FuzzSupport", "HTTPParserProperties", "HTTPResponseProperties", "JSONProperties", "InboundProperties",
                                   "RulesProperties", "TestSupport"],
                    swiftSettings: strict),
    ]
)
