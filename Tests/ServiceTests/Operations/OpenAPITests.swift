import Foundation
import HTTP
import JSON
import ServiceHarness
import Configuration
import Service
import Testing

/// `GET /openapi.json` describes every route the router serves and nothing else, and what the
/// handlers really answer matches its schemas.
@Suite struct OpenAPITests {
    static let token = "openapi-admin-token-0123456789"

    /// The document as served, without a token although one is configured.
    static func document(_ service: TestService) async throws -> JSONValue {
        let answer = try await WebClient(base: service.client.base).get("/openapi.json")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true)
        return answer.json
    }

    @Test func everyRouteIsDescribedAndNothingElse() async throws {
        try await TestService.with(TestSettings { $0.adminToken = Self.token }) { service in
            let document = try await Self.document(service)
            #expect(document["openapi"]?.stringValue == "3.1.0")
            #expect(document["info"]?["version"]?.stringValue == wxhookVersion)
            var described: Set<String> = []
            for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
                for (method, _) in item.objectValue ?? JSONObject() {
                    described.insert("\(method.uppercased()) \(path)")
                }
            }
            let served = Set(service.service.routes.map(\.description))
            #expect(served.count > 20)
            #expect(served.subtracting(described).sorted() == [], "routes the document lacks")
            #expect(described.subtracting(served).sorted() == [], "the document names routes the router lacks")

            let check = SchemaCheck(document: document)
            let unresolved = SchemaCheck.references(in: document).filter { check.resolve($0) == nil }
            #expect(unresolved == [])
            // Every operation says whether it needs the admin token, as the router enforces it.
            for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
                for (method, operation) in item.objectValue ?? JSONObject() {
                    let guarded = path.hasPrefix("/api/") || path == "/metrics"
                    let security = operation["security"]?.arrayValue ?? []
                    #expect(security.isEmpty != guarded, "\(method) \(path)")
                    #expect(operation["responses"]?.objectValue?.isEmpty == false, "\(method) \(path)")
                }
            }
        }
    }

    @Test func realAnswersMatchTheDocumentsSchemas() async throws {
        let receiver = try ForwardReceiver { _ in .status(200) }
        defer { Task { await receiver.stop() } }
        let settings = TestSettings {
            $0.adminToken = Self.token
            $0.simulator = .inProcess
            $0.forwardJSON = "[" + receiver.subscription("crm", secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()) + "]"
            $0.rules = ["shop.json": #"{"rules":[{"name":"price","keywords":["价格"],"reply":{"messages":[{"type":"text","text":"价格表见下图"}]}}]}"#]
        }
        try await TestService.with(settings) { service in
            let document = try await Self.document(service)
            var checker = AnswerCheck(document: document, client: service.client)

            let stored = try await checker.call("POST", "/hooks/botadmin/shop", pattern: "/hooks/botadmin/{account}",
                                                body: TestAccount.botadminBody(text: "价格多少"))
            #expect(stored.status == 200)
            let wrong = TestAccount.botadminBody(text: "x").replacingOccurrences(of: TestAccount.shopSecret, with: "nope")
            #expect(try await checker.call("POST", "/hooks/botadmin/shop", pattern: "/hooks/botadmin/{account}", body: wrong).status == 401)
            #expect(try await checker.call("POST", "/hooks/botadmin/nobody", pattern: "/hooks/botadmin/{account}",
                                           body: TestAccount.botadminBody(text: "x")).status == 404)
            #expect(try await checker.call("POST", "/hooks/botadmin/shop", pattern: "/hooks/botadmin/{account}", body: "{not json").status == 400)

            let sent = try await checker.call("POST", "/api/send", body: """
                {"targets":[{"provider":"wecom","account":"ops","conversation":"room"}],"messages":[{"type":"text","text":"您好"}]}
                """)
            #expect(sent.status == 202)
            let id = try #require(sent.json["messages"]?[0]?["id"]?.stringValue)
            _ = try await service.waitFor(id)
            #expect(try await checker.call("POST", "/api/send", body: #"{"targets":[],"messages":[{"type":"text","text":"x"}]}"#).status == 422)
            _ = try await checker.call("GET", "/api/messages")
            _ = try await checker.call("GET", "/api/messages?state=bogus")
            _ = try await checker.call("GET", "/api/messages/\(id)", pattern: "/api/messages/{id}")
            _ = try await checker.call("GET", "/api/messages/m_none", pattern: "/api/messages/{id}")
            #expect(try await checker.call("POST", "/api/messages/\(id)/cancel", pattern: "/api/messages/{id}/cancel").status == 409)
            _ = try await checker.call("GET", "/api/events")
            let eventID = try #require(stored.json["event_id"]?.stringValue)
            #expect(try await checker.call("GET", "/api/events/\(eventID)", pattern: "/api/events/{id}").status == 200)
            #expect(try await checker.call("GET", "/api/events/e_none", pattern: "/api/events/{id}").status == 404)
            #expect(try await checker.call("POST", "/api/events/\(eventID)/replay", pattern: "/api/events/{id}/replay",
                                           body: #"{"subscription":"crm"}"#).status == 202)
            #expect(await eventually { receiver.received.count >= 3 })
            _ = try await checker.call("GET", "/api/subscriptions")
            let forwards = try await checker.call("GET", "/api/forwards")
            let forwardID = try #require(forwards.items.first?["id"]?.stringValue)
            _ = try await checker.call("GET", "/api/forwards/\(forwardID)", pattern: "/api/forwards/{id}")
            _ = try await checker.call("POST", "/api/forwards/\(forwardID)/retry", pattern: "/api/forwards/{id}/retry")
            _ = try await checker.call("GET", "/api/stats")
            _ = try await checker.call("GET", "/api/stats?days=0")
            #expect(try await checker.call("GET", "/api/stats/series").status == 200)
            #expect(try await checker.call("GET", "/api/stats/series?bucket=hour&days=1").status == 200)
            #expect(try await checker.call("GET", "/api/stats/series?bucket=week").status == 400)
            #expect(try await checker.call("GET", "/api/accounts").status == 200)
            _ = try await checker.call("GET", "/api/rules")
            _ = try await checker.call("POST", "/api/rules/reload")
            _ = try await checker.call("POST", "/api/rules/test", body: #"{"text":"价格多少"}"#)
            _ = try await checker.call("POST", "/api/rules/test", body: #"{"text":"nothing here"}"#)
            _ = try await checker.call("GET", "/health")
            _ = try await checker.call("GET", "/metrics")
            _ = try await checker.call("GET", "/")
            #expect(try await WebClient(base: service.client.base).get("/api/events").status == 401)
            #expect(checker.problems == [])
            #expect(checker.checked >= 25)
        }
    }
}

/// Calls the service and checks each answer against the document: its status must be one the
/// operation lists, its content type one that answer has, and a JSON body must match the schema.
struct AnswerCheck {
    let document: JSONValue
    let client: WebClient
    private(set) var problems: [String] = []
    private(set) var checked = 0

    init(document: JSONValue, client: WebClient) {
        self.document = document
        self.client = client
    }

    /// `pattern` is the route's path in the document (the path without its query when nil).
    mutating func call(_ method: String, _ path: String, pattern: String? = nil, body: String? = nil) async throws
        -> WebClient.Answer {
        let answer = try await client.send(method, path, body: body.map { Data($0.utf8) },
                                           contentType: body == nil ? nil : "application/json")
        let route = pattern ?? String(path.prefix { $0 != "?" })
        let where_ = "\(method) \(path) → \(answer.status)"
        checked += 1
        guard let operation = document["paths"]?[route]?[method.lowercased()] else {
            problems.append("\(where_): no operation \(method) \(route) in the document")
            return answer
        }
        guard let response = operation["responses"]?[String(answer.status)] else {
            problems.append("\(where_): status not listed (\(answer.text.prefix(200)))")
            return answer
        }
        let contentType = answer.headers["content-type"].map { String($0.prefix { $0 != ";" }) } ?? ""
        guard let schema = response["content"]?[contentType]?["schema"] else {
            problems.append("\(where_): content type \(contentType) not listed")
            return answer
        }
        if contentType == "application/json" {
            problems += SchemaCheck(document: document).problems(answer.json, schema).map { "\(where_): \($0)" }
        }
        return answer
    }
}
