import Foundation
import HTTP
import Server
import ServiceHarness
import Testing
import TestSupport

/// bot-admin's group list (docs/providers.md, "Conversation lists") when the provider is not up
/// yet as `serve` starts — the walk-through's `wxhook sim` started a moment late: it is asked for
/// again within seconds, not at the next five-minute refresh.
@Suite struct GroupListTests {
    /// A loopback port that was free a moment ago.
    static func freePort() async throws -> Int {
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1),
                                handler: { _ in HTTPResponse(status: .ok) })
        let port = try server.start()
        await server.shutdown(gracePeriodMs: 0)
        return port
    }

    @Test func aListNotReadAtStartIsAskedForAgainSoon() async throws {
        try await LoadLimit.run {
            let directory = try TemporaryDirectory("wxhook-group-list")
            defer { directory.remove() }
            let simPort = try await Self.freePort()
            try """
                {"accounts": [{"provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:\(simPort)", "secret": "s3cret"}]}
                """.write(toFile: directory.file("wxhook.json"), atomically: true, encoding: .utf8)
            let serve = try await WxhookProcess.start(
                ["serve", "--listen", "127.0.0.1:0", "--db", directory.file("data/wxhook.sqlite")],
                directory: directory.path,
                environment: ["WXHOOK_CONFIG": nil, "WXHOOK_DB": nil, "WXHOOK_LISTEN": nil, "WXHOOK_RULES": nil,
                              "WXHOOK_ADMIN_TOKEN": nil, "WXHOOK_LOG": "info"])
            let missed = await eventually(within: 20) { serve.stderr.contains("bot-admin group list not read") }
            #expect(missed, "\(serve.stderr)")

            let sim = try await WxhookProcess.start(["sim", "--listen", "127.0.0.1:\(simPort)"], directory: directory.path)
            let asked = await eventually(within: 30) {
                let log = (try? await sim.client.get("/sim/log").items.map(SimRequest.init)) ?? []
                return log.contains { $0.method == "GET" && $0.path == "/api/groups" }
            }
            #expect(asked, "serve did not ask for the group list again:\n\(serve.stderr)")
            _ = await sim.stop()
            _ = await serve.stop()
        }
    }
}
