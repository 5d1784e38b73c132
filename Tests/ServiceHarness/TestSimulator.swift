import Configuration
import Foundation
import Service
import Simulator

/// `wxhook sim` beside a `TestService`: a `SimulatorServer` in this process, or the real binary.
/// Its callbacks and inbound messages go to the service's port.
package final class TestSimulator: Sendable {
    private enum Host: Sendable {
        case inProcess(SimulatorServer)
        case process(WxhookProcess)
    }

    private let host: Host
    package let port: Int
    /// `/sim/*` and the providers' endpoints.
    package let client: WebClient

    private init(host: Host, port: Int) {
        self.host = host
        self.port = port
        client = WebClient(base: "http://127.0.0.1:\(port)")
    }

    /// Starts it on port 0 with the accounts of `configPath` (the credentials it checks).
    static func start(_ settings: TestSettings, configPath: String, servicePort: Int, directory: TemporaryDirectory)
        async throws -> TestSimulator {
        let callback = "http://127.0.0.1:\(servicePort)"
        switch settings.simulator {
        case .none:
            throw HarnessFailure("no simulator was asked for")
        case .inProcess:
            let configuration = try ConfigurationLoader.system(environment: [:])
                .load(ConfigurationOverrides(configPath: configPath), for: .serve)
            let simulator = SimulatorServer(configuration: SimulatorConfiguration(
                host: "127.0.0.1", port: 0, accounts: configuration.accounts, callback: callback,
                failRate: settings.failRate, callbackDelayMs: 5...20, seed: settings.seed, groups: ["team-1"],
                applicationSecret: configuration.subscriptions.first { $0.url.hasSuffix("/sim/app") }?.secret))
            return TestSimulator(host: .inProcess(simulator), port: try simulator.start())
        case .process:
            var arguments = ["sim", "--config", configPath, "--listen", "127.0.0.1:0", "--callback", callback,
                             "--seed", String(settings.seed)]
            if settings.failRate > 0 { arguments += ["--fail-rate", String(settings.failRate)] }
            let process = try await WxhookProcess.start(arguments, directory: directory.path)
            return TestSimulator(host: .process(process), port: process.port)
        }
    }

    func stop() async {
        switch host {
        case .inProcess(let simulator):
            await simulator.shutdown()
        case .process(let process):
            process.kill(SIGKILL)
            _ = await process.waitForExit()
        }
    }
}
