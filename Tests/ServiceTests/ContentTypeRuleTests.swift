import Foundation
import ServiceHarness
import Testing

/// One `Content-Type` rule for every route that reads a JSON body (docs/api.md, "Conventions"):
/// a stated type that is not JSON is `415`, none at all is read as JSON. `curl -d` states
/// `application/x-www-form-urlencoded`; `curl --data-binary -H 'Content-Type:'` states none.
@Suite struct ContentTypeRuleTests {
    static let send = #"{"targets":[{"provider":"botadmin","account":"shop","conversation":"c-type"}],"messages":[{"type":"text","text":"hi"}]}"#
    static let ruleTest = #"{"text":"价格"}"#

    /// The status curl gets for `body` at `path`, with curl's own `Content-Type` (`-d`) or none.
    func status(_ service: TestService, _ path: String, _ body: String, statesFormType: Bool) async throws -> String {
        try await curl(["-s", "-o", "/dev/null", "-w", "%{http_code}"]
                       + (statesFormType ? ["-d", body] : ["-H", "Content-Type:", "--data-binary", body])
                       + [service.client.base + path])
    }

    @Test func theHooksAndTheAdminAPIAnswerAlike() async throws {
        try await TestService.with { service async throws in
            let routes = [("/hooks/botadmin/shop", TestAccount.botadminBody(text: "type"), "200"),
                          ("/api/send", Self.send, "202"),
                          ("/api/rules/test", Self.ruleTest, "200")]
            for (path, body, accepted) in routes {
                let form = try await status(service, path, body, statesFormType: true)
                let untyped = try await status(service, path, body, statesFormType: false)
                #expect(form == "415", "curl -d \(path)")
                #expect(untyped == accepted, "no Content-Type: \(path)")
            }
        }
    }
}
