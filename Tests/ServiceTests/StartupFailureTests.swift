import Foundation
import HTTP
import Server
import ServiceHarness
import Testing

/// `serve` and `sim` that cannot start: the line says what to do, and nothing is left on disk —
/// a port in use and rules that do not load are found before the database is opened
/// (docs/operations.md, "The service").
@Suite struct StartupFailureTests {
    static let cleanEnvironment: [String: String?] = ["WXHOOK_CONFIG": nil, "WXHOOK_DB": nil, "WXHOOK_LISTEN": nil,
                                                      "WXHOOK_RULES": nil, "WXHOOK_ADMIN_TOKEN": nil]

    /// Runs `body` with a port some other server holds.
    static func withPortInUse(_ body: (Int) async throws -> Void) async throws {
        let holder = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1),
                                handler: { _ in HTTPResponse(status: .ok) })
        let port = try holder.start()
        do {
            try await body(port)
        } catch {
            await holder.shutdown(gracePeriodMs: 0)
            throw error
        }
        await holder.shutdown(gracePeriodMs: 0)
    }

    @Test func aPortInUseSaysWhichFlagPicksAnotherAndCreatesNoDatabase() async throws {
        let directory = try TemporaryDirectory("wxhook-port-in-use")
        defer { directory.remove() }
        try await Self.withPortInUse { port in
            let database = directory.file("data/wxhook.sqlite")
            let serve = try await runWxhook(["serve", "--listen", "127.0.0.1:\(port)", "--db", database],
                                            directory: directory.path, environment: Self.cleanEnvironment)
            #expect(serve.status == 1)
            #expect(serve.stderr == "wxhook: cannot listen on 127.0.0.1:\(port): another process is listening there; "
                    + "stop it, or choose another address with --listen HOST:PORT\n", "\(serve.stderr)")
            #expect(!FileManager.default.fileExists(atPath: database), "serve created the database before binding")

            let sim = try await runWxhook(["sim", "--listen", "127.0.0.1:\(port)"],
                                          directory: directory.path, environment: Self.cleanEnvironment)
            #expect(sim.status == 1)
            #expect(sim.stderr.hasPrefix("wxhook: cannot listen on 127.0.0.1:\(port): another process is listening there; ")
                    && sim.stderr.contains("--listen HOST:PORT"), "\(sim.stderr)")
        }
    }

    @Test func rulesThatDoNotLoadCreateNoDatabase() async throws {
        let directory = try TemporaryDirectory("wxhook-bad-rules")
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("Rules"), withIntermediateDirectories: true)
        try #"{"rules": [{"name": "price", "keywords": []}]}"#
            .write(toFile: directory.file("Rules/bad.json"), atomically: true, encoding: .utf8)
        let database = directory.file("data/wxhook.sqlite")
        let serve = try await runWxhook(["serve", "--listen", "127.0.0.1:0", "--db", database, "--rules", directory.file("Rules")],
                                        directory: directory.path, environment: Self.cleanEnvironment)
        #expect(serve.status == 1)
        #expect(serve.stderr.contains("bad.json"), "\(serve.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database), "serve created the database for rules it refused")
    }
}
