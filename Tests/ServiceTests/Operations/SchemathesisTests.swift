import Foundation
import ServiceHarness
import Testing
import TestSupport

/// schemathesis (PyPI) against a live service, when asked for with `WXHOOK_TEST_SCHEMATHESIS=1`
/// (`python3 -m pip install schemathesis`; run as `python3 -m schemathesis.cli`, so a `bin` folder
/// outside PATH does not matter): it reads `/openapi.json`, generates requests for every
/// operation (valid, edge-case and random ones, and sequences of calls), and checks that no answer
/// is a 5xx and that every status, content type and body is one the document describes. Asked for
/// and not installed is a failure, not a skip. A fixed seed and example count keep the run
/// repeatable and to about half a minute.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["WXHOOK_TEST_SCHEMATHESIS"] == "1",
                "WXHOOK_TEST_SCHEMATHESIS=1 runs schemathesis against a live service"))
struct SchemathesisTests {
    static let token = "schemathesis-admin-token-0123456789"

    @Test func theLiveServiceAnswersAsItsDocumentSays() async throws {
        let settings = TestSettings {
            $0.adminToken = Self.token
            $0.load = .whole
        }
        try await TestService.with(settings) { service in
            // A method no route serves is 501 (not implemented anywhere); only a served method on the
            // wrong path is 405. schemathesis probes paths with methods they lack and expects 405, so
            // it is told to probe with the served methods only: those the document names.
            let document = try await service.client.get("/openapi.json").json
            let paths = document["paths"]?.objectValue?.dictionary ?? [:]
            let served = Set(paths.values.flatMap { ($0.objectValue?.dictionary ?? [:]).keys })
                .filter { ["get", "head", "post", "put", "delete", "patch", "options", "trace"].contains($0) }
            let config = URL(filePath: service.directory.file("schemathesis.toml"))
            let list = served.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            try "[phases.coverage]\nunexpected-methods = [\(list)]\n".write(to: config, atomically: true, encoding: .utf8)
            let arguments = [
                "python3", "-m", "schemathesis.cli", "--config-file", config.path, "run", "http://127.0.0.1:\(service.port)/openapi.json",
                "--header", "Authorization: Bearer \(Self.token)",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--max-examples", "30", "--seed", "1", "--workers", "1", "--request-timeout", "10",
                "--suppress-health-check", "all", "--no-color",
            ]
            // In the test's own folder: schemathesis keeps a cache in the working directory.
            // Off the test pool: the run takes half a minute, and a blocked pool thread stalls the others.
            let folder = service.directory.path
            let run = try await offPool {
                try ChildProcess.run(executable: "/usr/bin/env", arguments: arguments, directory: folder)
            }
            let output = String(decoding: run.stdout + run.stderr, as: UTF8.self)
            #expect(!output.contains("No module named"), "schemathesis is not installed (pip install schemathesis)")
            #expect(run.status == 0, "schemathesis found problems:\n\(output)\n\(service.serviceLog)")
            #expect(output.contains("passed"), "\(output)")
        }
    }
}
