import Configuration
import Foundation
import Glibc
import Logging
import Providers
@testable import Service
import Simulator

/// `wxhook serve` and `wxhook sim` side by side, in this process, over loopback sockets: the
/// service's accounts point at the simulator, and the simulator's callbacks and inbound messages
/// go to the service.
struct SimulatedWorld {
    let service: WebhookService
    let simulator: SimulatorServer
    let client: HTTPClient
    let sim: HTTPClient
    let directory: TemporaryDirectory

    static let secret = "wsecret-\(UUID().uuidString.prefix(6))"
    static let callbackToken = "wcb-\(UUID().uuidString.prefix(6))"

    /// A loopback port nobody listens on right now (bound, read, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else {
                    throw ProcessFailure(message: "cannot reserve a port: errno \(errno)")
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `rules`: file name → contents, written into the service's rules folder.
    static func start(rules: [String: String] = [:], failRate: Double = 0,
                      configure: (inout Configuration) -> Void = { _ in }) async throws -> SimulatedWorld {
        let directory = try TemporaryDirectory("wxhook-world")
        let rulesPath = directory.file("Rules")
        try FileManager.default.createDirectory(atPath: rulesPath, withIntermediateDirectories: true)
        for (name, text) in rules {
            try text.write(toFile: rulesPath + "/" + name, atomically: true, encoding: .utf8)
        }
        let servicePort = try freePort()
        // The simulator checks the same credentials the service sends.
        func accounts(simURL: String) -> [Account] {
            [
                Account(name: "shop", baseURL: simURL, credentials: .botadmin(secret: Secret(secret)), selfIDs: ["bot-self"],
                        mentionNames: ["小助手"]),
                Account(name: "sales", baseURL: simURL,
                        credentials: .yunzhenji(appID: "app-1", accessToken: Secret("at-" + secret), wxid: "16xxx",
                                                callbackToken: Secret(callbackToken))),
            ]
        }
        let simulator = SimulatorServer(configuration: SimulatorConfiguration(
            host: "127.0.0.1", port: 0, accounts: accounts(simURL: "http://unused").map(\.providerAccount),
            callback: "http://127.0.0.1:\(servicePort)", failRate: failRate, callbackDelayMs: 5...20, seed: 7,
            groups: ["team-1"]))
        let simPort = try simulator.start()
        var configuration = Configuration(
            listen: ListenAddress(host: "127.0.0.1", port: servicePort),
            databasePath: directory.file("data/wxhook.sqlite"), rulesPath: rulesPath, rulesPathIsExplicit: true,
            delivery: .init(confirmAfterS: 1, expireAfterS: 5, maxAttempts: 3, retryBaseMs: 50, sendTimeoutMs: 3000),
            pacing: .init(perAccountPerMinute: 10_000),
            accounts: accounts(simURL: "http://127.0.0.1:\(simPort)"))
        configure(&configuration)
        let service = try WebhookService(configuration: configuration,
                                         logger: Logger(level: .error, sink: LogSink(fd: -1), secrets: configuration.secrets))
        let port = try await service.start()
        return SimulatedWorld(service: service, simulator: simulator, client: HTTPClient(base: "http://127.0.0.1:\(port)"),
                              sim: HTTPClient(base: "http://127.0.0.1:\(simPort)"), directory: directory)
    }

    func stop() async {
        await service.shutdown(gracePeriodMs: 1000)
        await simulator.shutdown()
        directory.remove()
    }

    /// Runs `body` in a fresh world and stops it afterwards, also when `body` throws.
    static func with<T>(rules: [String: String] = [:], failRate: Double = 0,
                        configure: (inout Configuration) -> Void = { _ in },
                        _ body: (SimulatedWorld) async throws -> T) async throws -> T {
        let world = try await start(rules: rules, failRate: failRate, configure: configure)
        do {
            let result = try await body(world)
            await world.stop()
            return result
        } catch {
            await world.stop()
            throw error
        }
    }

    /// The sends the simulator received (provider POSTs, not its own `/sim/*` calls nor the
    /// service's conversation-list lookups), in order.
    func sentRequests() async throws -> [[String: Any]] {
        let answer = try await sim.get("/sim/log")
        return (answer.json["items"] as? [[String: Any]] ?? []).filter {
            ($0["provider"] as? String) != nil && ($0["method"] as? String) == "POST"
        }
    }

    /// Makes the simulator deliver an inbound message to the service, as the provider would.
    func inbound(provider: String, account: String, conversation: String, sender: String, text: String,
                 extra: String = "") async throws -> HTTPClient.Answer {
        let body = #"{"provider":"\#(provider)","account":"\#(account)","conversation":"\#(conversation)","sender":"\#(sender)","text":"\#(text)"\#(extra)}"#
        return try await sim.post("/sim/inbound", body: body)
    }

    /// Polls `condition` until it holds or `seconds` pass; returns whether it held.
    func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
