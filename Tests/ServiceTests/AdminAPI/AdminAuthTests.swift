import HTTP
import JSON
import Testing
@testable import Service

@Suite struct AdminAuthTests {
    /// Every admin route with a request that would succeed once authorized.
    static let routes: [(method: String, path: String, body: String?)] = [
        ("POST", "/api/send", #"{"targets":[{"provider":"yunzhenji","account":"sales","conversation":"7xxx"}],"messages":[{"type":"text","text":"hi"}]}"#),
        ("GET", "/api/messages", nil),
        ("GET", "/api/messages/m_unknown", nil),
        ("POST", "/api/messages/m_unknown/retry", nil),
        ("POST", "/api/messages/m_unknown/cancel", nil),
        ("GET", "/api/events", nil),
        ("GET", "/api/stats", nil),
        ("GET", "/metrics", nil),
    ]

    @Test func everyRouteRefusesAMissingToken() async throws {
        try await AdminServer.with { server async throws in
            for route in Self.routes {
                let answer = try await server.request(route.method, route.path, body: route.body, token: .some(nil))
                #expect(answer.status == 401, "\(route.method) \(route.path)")
                #expect(answer.error?.contains("missing admin token") == true)
                #expect(answer.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            }
            #expect(try await server.messageCount() == 0)
        }
    }

    @Test func everyRouteRefusesAWrongTokenWithoutEchoingIt() async throws {
        try await AdminServer.with { server async throws in
            let wrong = "wrong-token-\(AdminServer.token.prefix(8))"
            for route in Self.routes {
                let answer = try await server.request(route.method, route.path, body: route.body, token: .some(wrong))
                #expect(answer.status == 401, "\(route.method) \(route.path)")
                #expect(answer.error == "wrong admin token")
                #expect(!answer.text.contains(wrong))
            }
            // A token that is a prefix of the real one is just as wrong.
            let prefix = String(AdminServer.token.dropLast())
            #expect(try await server.get("/api/messages", token: .some(prefix)).status == 401)
            #expect(try await server.messageCount() == 0)
        }
    }

    @Test func theRightTokenPasses() async throws {
        try await AdminServer.with { server async throws in
            for route in Self.routes {
                let answer = try await server.request(route.method, route.path, body: route.body)
                #expect(answer.status != 401, "\(route.method) \(route.path)")
            }
            #expect(try await server.get("/api/messages").status == 200)
            #expect(try await server.get("/metrics").status == 200)
        }
    }

    @Test func anotherSchemeIsRefused() async throws {
        try await AdminServer.with { server async throws in
            let answer = try await server.request(
                "GET", "/api/messages", token: .some(nil), headers: ["Authorization": "Basic \(AdminServer.token)"])
            #expect(answer.status == 401)
            #expect(answer.error?.contains("Bearer") == true)
        }
    }

    @Test func withoutAConfiguredTokenEverythingIsOpen() async throws {
        try await AdminServer.with(adminToken: nil) { server async throws in
            #expect(try await server.get("/api/messages").status == 200)
            #expect(try await server.get("/api/events").status == 200)
            #expect(try await server.get("/metrics").status == 200)
            // A token sent anyway is ignored.
            #expect(try await server.get("/api/stats", token: .some("anything")).status == 200)
        }
    }

    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER   abc  ", "abc"), ("Bearer", nil), ("Bearer ", nil),
        ("Basic abc", nil), ("abc", nil), ("Bearerabc", nil),
    ] as [(String, String?)])
    func bearerTokenParsing(header: String, token: String?) {
        #expect(AdminAuth.bearerToken(header).map(String.init) == token)
    }
}
