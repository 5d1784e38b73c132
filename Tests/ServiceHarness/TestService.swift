import Configuration
import Foundation
import Logging
import Service
import Synchronization
import TestSupport

/// The one way tests start wxhook: `wxhook serve` in this process (a `WebhookService` with a
/// clock the test moves) or as the real binary, on a loopback port the kernel picks, with its own
/// folder (config file, database, rules), and optionally `wxhook sim` beside it playing every
/// provider. Providers and operators reach it through `client` (URLSession).
///
/// With a simulator, the simulator starts first (port 0) and calls back a port reserved for the
/// service; the config file is then rewritten with the simulator's URL as every account's
/// `base_url`, and the service listens on the reserved port (also after a restart).
package final class TestService: Sendable {
    package let directory: TemporaryDirectory
    package let settings: TestSettings
    /// The in-process service's clock (a `process` host keeps the wall clock).
    package let clock = TestClock()
    private let simulator: TestSimulator?
    /// The port the config file names: reserved when a simulator needs to know it, else 0.
    private let configuredPort: Int
    private let host = Mutex<ServiceHost?>(nil)
    /// What earlier `wxhook serve` children logged (a kill or stop ends one).
    private let earlierLogs = Mutex("")

    private enum ServiceHost: Sendable {
        case inProcess(WebhookService, LogSink, fd: Int32, port: Int)
        case process(WxhookProcess)

        var port: Int {
            switch self {
            case .inProcess(_, _, _, let port): port
            case .process(let process): process.port
            }
        }
    }

    package var configPath: String { directory.file("wxhook.json") }
    package var rulesPath: String { directory.file("Rules") }
    package var databasePath: String { settings.databasePath ?? directory.file("data/wxhook.sqlite") }

    private init(directory: TemporaryDirectory, settings: TestSettings, simulator: TestSimulator?, configuredPort: Int) {
        self.directory = directory
        self.settings = settings
        self.simulator = simulator
        self.configuredPort = configuredPort
    }

    /// Starts the simulator (when asked for), then the service.
    package static func start(_ settings: TestSettings = TestSettings()) async throws -> TestService {
        var lastError: (any Error)?
        // A reserved port can be taken by someone else before the service binds it: start over.
        for _ in 0..<3 {
            let service = try await prepare(settings)
            do {
                try await service.startService()
                return service
            } catch {
                lastError = error
                await service.stop()
                if settings.simulator == .none { break }
            }
        }
        throw lastError ?? HarnessFailure("the service did not start")
    }

    /// Runs `body` against a fresh service and stops it afterwards, also when `body` throws.
    /// Waits for its share of the machine first (`settings.load`).
    package static func with<T>(_ settings: TestSettings = TestSettings(), _ body: (TestService) async throws -> T)
        async throws -> T {
        try await LoadLimit.run(settings.load) {
            let service = try await start(settings)
            do {
                let result = try await body(service)
                await service.stop()
                return result
            } catch {
                await service.stop()
                throw error
            }
        }
    }

    /// The folder, rules and config file, and the simulator.
    private static func prepare(_ settings: TestSettings) async throws -> TestService {
        let directory = try TemporaryDirectory("wxhook-test")
        do {
            let rules = directory.file("Rules")
            try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
            for (name, text) in settings.rules {
                try text.write(toFile: rules + "/" + name, atomically: true, encoding: .utf8)
            }
            let config = directory.file("wxhook.json")
            guard settings.simulator != .none else {
                try settings.configJSON(listenPort: 0, simulator: "http://127.0.0.1:9", directory: directory)
                    .write(toFile: config, atomically: true, encoding: .utf8)
                return TestService(directory: directory, settings: settings, simulator: nil, configuredPort: 0)
            }
            let servicePort = try ReservedPort.make()
            // The simulator reads only the accounts' credentials; their base_url is filled in below.
            try settings.configJSON(listenPort: servicePort, simulator: "http://127.0.0.1:9", directory: directory, forSimulator: true)
                .write(toFile: config, atomically: true, encoding: .utf8)
            let simulator = try await TestSimulator.start(settings, configPath: config, servicePort: servicePort,
                                                          directory: directory)
            try settings.configJSON(listenPort: servicePort, simulator: "http://127.0.0.1:\(simulator.port)", directory: directory)
                .write(toFile: config, atomically: true, encoding: .utf8)
            return TestService(directory: directory, settings: settings, simulator: simulator, configuredPort: servicePort)
        } catch {
            directory.remove()
            throw error
        }
    }

    /// Starts the service on the existing config and database (again, after a stop or a kill).
    package func startService() async throws {
        switch settings.host {
        case .process:
            // `./wxhook.json` is found in the working directory, as an operator's would be.
            let process = try await WxhookProcess.start(
                ["serve"], directory: directory.path,
                environment: ["WXHOOK_LOG": settings.logLevel, "WXHOOK_CONFIG": nil, "WXHOOK_LISTEN": nil, "WXHOOK_DB": nil,
                              "WXHOOK_RULES": nil, "WXHOOK_ADMIN_TOKEN": nil],
                ignoresFileSizeSignal: settings.ignoresFileSizeSignal, bearer: settings.adminToken)
            host.withLock { $0 = .process(process) }
        case .inProcess:
            let configuration = try ConfigurationLoader.system(environment: [:])
                .load(ConfigurationOverrides(configPath: configPath), for: .serve)
            let level = LogLevel(name: settings.logLevel) ?? .info
            let fd = open(directory.file("service.log"), O_WRONLY | O_CREAT | O_APPEND, 0o644)
            let sink = LogSink(fd: fd)
            do {
                let service = try WebhookService(configuration: configuration,
                                                 logger: Logger(level: level, sink: sink, secrets: configuration.secrets),
                                                 clock: clock.function)
                let port = try await service.start()
                host.withLock { $0 = .inProcess(service, sink, fd: fd, port: port) }
            } catch {
                sink.stop()
                close(fd)
                throw error
            }
        }
    }

    /// SIGKILL for the `wxhook serve` child: no drain, no clean close.
    package func killService() async {
        _ = await stopService(SIGKILL)
    }

    /// Sends `signal` to the `wxhook serve` child and returns its exit status (nil in process).
    package func stopService(_ signal: Int32) async -> Int32? {
        guard case .process(let process)? = takeHost() else { return nil }
        process.kill(signal)
        let status = await process.waitForExit()
        earlierLogs.withLock { $0 += process.stderr }
        return status
    }

    /// Stops the service and the simulator and removes the folder.
    package func stop() async {
        switch takeHost() {
        case .inProcess(let service, let sink, let fd, _)?:
            await service.shutdown(gracePeriodMs: 1000)
            sink.stop()
            close(fd)
        case .process(let process)?:
            await process.stop()
        case nil:
            break
        }
        await simulator?.stop()
        directory.remove()
    }

    private func takeHost() -> ServiceHost? {
        host.withLock { host in
            defer { host = nil }
            return host
        }
    }

    /// The port the service listens on now.
    package var port: Int { host.withLock { $0?.port } ?? configuredPort }

    /// The hooks and the admin API, as providers and operators reach them (with the admin token).
    package var client: WebClient { WebClient(base: "http://127.0.0.1:\(port)", bearer: settings.adminToken) }

    /// The simulator; a test that asked for none has no business calling this.
    package var sim: TestSimulator {
        guard let simulator else { preconditionFailure("TestSettings.simulator is .none") }
        return simulator
    }

    /// The in-process service, for tests that look at its internals.
    package var service: WebhookService {
        guard case .inProcess(let service, _, _, _)? = host.withLock({ $0 }) else {
            preconditionFailure("the service is not running in this process")
        }
        return service
    }

    /// The `wxhook serve` child, for tests that signal it or read `/proc/PID`.
    package var process: WxhookProcess {
        guard case .process(let process)? = host.withLock({ $0 }) else {
            preconditionFailure("the service is not running as a child process")
        }
        return process
    }

    package var pid: Int32 { process.pid }
    package var isRunning: Bool { process.isRunning }

    /// The service's log, every `wxhook serve` child's in turn, for failure messages.
    package var serviceLog: String {
        let current = host.withLock { $0 }
        if case .process(let process)? = current { return earlierLogs.withLock { $0 } + process.stderr }
        let earlier = earlierLogs.withLock { $0 }
        return earlier.isEmpty ? (try? String(contentsOfFile: directory.file("service.log"), encoding: .utf8)) ?? "" : earlier
    }
}
