import Configuration
import Foundation
@testable import Service
import Logging
import Synchronization

/// The whole delivery path over real sockets: the real `wxhook sim` binary playing every
/// provider, and the service — in this process, or the real `wxhook serve` binary when a test
/// must kill it — each calling the other on loopback ports, both reading one config file.
///
/// The simulator starts first (port 0) with `--callback` naming a port reserved for the service;
/// the config file is then rewritten with the simulator's URL as every account's `base_url`.
final class DeliveryStack: Sendable {
    let directory: TemporaryDirectory
    let settings: DeliverySettings
    let configPath: String
    let sim: ServeProcess
    let servicePort: Int
    /// The admin API and the hooks, as operators and providers reach them.
    let api: HTTPClient
    private let host = Mutex<ServiceHost?>(nil)
    /// What earlier `wxhook serve` children of this stack logged (a kill or stop ends one).
    private let earlierLogs = Mutex("")

    private enum ServiceHost: Sendable {
        case inProcess(WebhookService, LogSink, fd: Int32)
        case process(ServeProcess)
    }

    private init(directory: TemporaryDirectory, settings: DeliverySettings, sim: ServeProcess, servicePort: Int) {
        self.directory = directory
        self.settings = settings
        self.configPath = directory.file("wxhook.json")
        self.sim = sim
        self.servicePort = servicePort
        api = HTTPClient(base: "http://127.0.0.1:\(servicePort)", bearer: settings.adminToken)
    }

    /// Starts the simulator, then the service (`serviceAsProcess`: the `wxhook serve` binary).
    static func start(_ settings: DeliverySettings = DeliverySettings(), serviceAsProcess: Bool = false,
                      seed: UInt64 = 1) async throws -> DeliveryStack {
        var lastError: (any Error)?
        // The reserved port can be taken by someone else before the service binds it: start over.
        for _ in 0..<3 {
            let stack = try await launchSimulator(settings, seed: seed)
            do {
                try await stack.startService(asProcess: serviceAsProcess)
                return stack
            } catch {
                lastError = error
                await stack.stop()
            }
        }
        throw lastError ?? ProcessFailure(message: "the delivery stack did not start")
    }

    private static func launchSimulator(_ settings: DeliverySettings, seed: UInt64) async throws -> DeliveryStack {
        let directory = try TemporaryDirectory("wxhook-e2e")
        try FileManager.default.createDirectory(atPath: directory.file("Rules"), withIntermediateDirectories: true)
        let servicePort = try ReservedPort.make()
        let config = directory.file("wxhook.json")
        // The simulator reads only the accounts' credentials; their base_url is filled in below.
        try settings.json(listenPort: servicePort, simulator: "http://127.0.0.1:9", directory: directory, forSimulator: true)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let sim = try await ServeProcess.start(
            arguments: ["sim", "--config", config, "--listen", "127.0.0.1:0",
                        "--callback", "http://127.0.0.1:\(servicePort)", "--seed", String(seed)],
            directory: directory.path)
        try settings.json(listenPort: servicePort, simulator: "http://127.0.0.1:\(sim.port)", directory: directory)
            .write(toFile: config, atomically: true, encoding: .utf8)
        return DeliveryStack(directory: directory, settings: settings, sim: sim, servicePort: servicePort)
    }

    /// Starts the service on the reserved port and the existing database.
    func startService(asProcess: Bool) async throws {
        if asProcess {
            let serve = try await ServeProcess.start(arguments: ["serve", "--config", configPath],
                                                     environment: ["WXHOOK_LOG": settings.logLevel], directory: directory.path)
            host.withLock { $0 = .process(serve) }
            return
        }
        let loader = ConfigurationLoader.system(environment: [:])
        let configuration = try loader.load(ConfigurationOverrides(configPath: configPath), for: .serve)
        let fd = open(directory.file("service.log"), O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let sink = LogSink(fd: fd)
        do {
            let service = try WebhookService(
                configuration: configuration, logger: Logger(level: .info, sink: sink, secrets: configuration.secrets))
            _ = try await service.start()
            host.withLock { $0 = .inProcess(service, sink, fd: fd) }
        } catch {
            sink.stop()
            close(fd)
            throw error
        }
    }

    /// SIGKILL for the `wxhook serve` child: no drain, no clean close.
    func killService() async {
        _ = await stopService(SIGKILL)
    }

    /// Sends `signal` to the `wxhook serve` child and returns its exit status.
    func stopService(_ signal: Int32) async -> Int32? {
        let current = host.withLock { host in
            defer { host = nil }
            return host
        }
        guard case .process(let serve)? = current else { return nil }
        serve.kill(signal)
        let status = await serve.waitForExit()
        earlierLogs.withLock { $0 += serve.stderr }
        return status
    }

    /// Stops the service and the simulator and removes the folder.
    func stop() async {
        let current = host.withLock { host in
            defer { host = nil }
            return host
        }
        switch current {
        case .inProcess(let service, let sink, let fd):
            await service.shutdown(gracePeriodMs: 1000)
            sink.stop()
            close(fd)
        case .process(let serve):
            serve.kill(SIGKILL)
            _ = await serve.waitForExit()
        case nil:
            break
        }
        sim.kill(SIGKILL)
        _ = await sim.waitForExit()
        directory.remove()
    }

    /// The service's log, every `wxhook serve` child's in turn, for failure messages.
    var serviceLog: String {
        let current = host.withLock { $0 }
        if case .process(let serve)? = current { return earlierLogs.withLock { $0 } + serve.stderr }
        let earlier = earlierLogs.withLock { $0 }
        return earlier.isEmpty ? (try? String(contentsOfFile: directory.file("service.log"), encoding: .utf8)) ?? "" : earlier
    }

    /// Runs `body` against a fresh stack and stops it afterwards, also when `body` throws.
    static func with<T>(_ settings: DeliverySettings = DeliverySettings(), serviceAsProcess: Bool = false, seed: UInt64 = 1,
                        _ body: (DeliveryStack) async throws -> T) async throws -> T {
        let stack = try await start(settings, serviceAsProcess: serviceAsProcess, seed: seed)
        do {
            let result = try await body(stack)
            await stack.stop()
            return result
        } catch {
            await stack.stop()
            throw error
        }
    }
}
