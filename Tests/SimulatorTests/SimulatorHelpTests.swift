import CLI
import Testing
@testable import Simulator

/// `wxhook sim --help` lists every route the simulator answers, with its method, so nobody has
/// to read the source to find `/sim/inbound` or `/sim/faults`.
@Suite struct SimulatorHelpTests {
    @Test(arguments: Endpoint.allCases.map(\.path))
    func theHelpListsTheRoute(_ path: String) throws {
        let endpoint = try #require(Endpoint(path: path))
        // "METHOD PATH" opens a line, or a comma-separated part of one ("POST /api/send, GET …").
        let listed = Help.text(for: .sim).split(separator: "\n").flatMap { $0.split(separator: ",") }
            .map { $0.split(separator: " ").prefix(2).map(String.init) }
        #expect(listed.contains([endpoint.method.rawValue, path]),
                "wxhook sim --help does not list \(endpoint.method.rawValue) \(path)")
    }
}
