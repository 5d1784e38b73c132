import HTTP
import Platform
import Server
import TestSupport
import Testing

@Suite struct ListenerTests {
    @Test func bindingATakenPortThrowsAddressInUse() async throws {
        try await withServer { port, _ in
            let second = HTTPServer(configuration: ServerConfiguration(port: port), handler: testHandler)
            do throws(SystemError) {
                _ = try second.start()
                Issue.record("a second server bound the same port")
                await second.shutdown(gracePeriodMs: 0)
            } catch {
                #expect(error.isAddressInUse)
                #expect(error.call == "bind")
                #expect(error.description.contains("127.0.0.1:\(port)"))
                #expect(error.description.contains("Address already in use"))
            }
        }
    }

    @Test func invalidHostIsExplained() {
        let server = HTTPServer(configuration: ServerConfiguration(host: "example.com", port: 0), handler: testHandler)
        #expect(throws: SystemError.self) { try server.start() }
        do throws(SystemError) {
            _ = try server.start()
        } catch {
            #expect(error.description.contains("example.com"))
        }
    }

    @Test func startingTwiceIsAnError() async throws {
        try await withServer { _, server in
            #expect(throws: SystemError.self) { try server.start() }
        }
    }

    @Test(arguments: ["localhost", "::1", "[::1]"])
    func listensOnLoopbackNamesAndIPv6(_ host: String) async throws {
        try await withServer(host: host) { port, server in
            #expect(server.port == port)
            let clientHost = host.contains(":") ? "::1" : "127.0.0.1"
            let response = try await offPool {
                let client = try TestClient(port: port, host: clientHost)
                try client.send(get("/v6"))
                return try client.readResponse()
            }
            #expect(response.text == "/v6")
        }
    }
}
