import Testing
@testable import HTTP

@Suite struct RouterTests {
    /// A router whose handlers answer with their own name and the path parameters they saw.
    static func makeRouter() -> Router {
        var router = Router()
        func named(_ name: String) -> HTTPHandler {
            { request in
                let params = request.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                let text = ([name] + params).joined(separator: " ")
                return HTTPResponse(status: .ok, body: Array(text.utf8))
            }
        }
        router.add(.post, "/hooks/botadmin/{account}", named("botadmin"))
        router.add(.post, "/hooks/yunzhenji/{account}", named("yunzhenji"))
        router.add(.get, "/api/messages/{id}", named("message"))
        router.add(.delete, "/api/messages/{id}", named("deleteMessage"))
        router.add(.get, "/api/messages/stats", named("stats"))
        router.add(.post, "/api/messages/{mid}/retry", named("retry"))
        router.add(.get, "/", named("dashboard"))
        router.add(.get, "/health", named("health"))
        return router
    }

    func answer(_ method: HTTPMethod, _ target: String) async -> (Int, String, HTTPHeaders) {
        let response = await Self.makeRouter().handle(HTTPRequest(method: method, target: target))
        return (response.status.code, String(decoding: response.body, as: UTF8.self), response.headers)
    }

    @Test func routesLiteralsAndParameters() async {
        #expect(await answer(.post, "/hooks/botadmin/acc1").1 == "botadmin account=acc1")
        #expect(await answer(.post, "/hooks/yunzhenji/x?token=1").1 == "yunzhenji account=x")
        #expect(await answer(.post, "/api/messages/42/retry").1 == "retry mid=42")
        #expect(await answer(.get, "/").1 == "dashboard")
        #expect(await answer(.get, "/health").1 == "health")
    }

    @Test func parameterValuesArePercentDecoded() async {
        #expect(await answer(.post, "/hooks/botadmin/a%20b%2Fc").1 == "botadmin account=a b/c")
    }

    @Test func literalBeatsParameter() async {
        #expect(await answer(.get, "/api/messages/stats").1 == "stats")
        #expect(await answer(.get, "/api/messages/stat").1 == "message id=stat")
    }

    @Test func trailingSlashIsIgnored() async {
        #expect(await answer(.get, "/health/").1 == "health")
    }

    @Test func unknownPathIs404JSON() async {
        let (status, body, headers) = await answer(.get, "/nope")
        #expect(status == 404)
        #expect(body == #"{"ok":false,"error":"not found"}"#)
        #expect(headers["content-type"] == "application/json")
        #expect(await answer(.post, "/hooks/botadmin").0 == 404)
        #expect(await answer(.post, "/hooks/botadmin/a/b").0 == 404)
    }

    @Test func wrongMethodIs405WithAllow() async {
        let (status, body, headers) = await answer(.post, "/api/messages/7")
        #expect(status == 405)
        #expect(body == #"{"ok":false,"error":"method not allowed"}"#)
        #expect(headers["allow"] == "GET, DELETE, HEAD")
        #expect(await answer(.get, "/hooks/botadmin/acc").2["Allow"] == "POST")
    }

    /// A method no route serves is not implemented anywhere: 501 whatever the path, before 404.
    @Test func methodNoRouteServesIs501() async {
        for (method, path) in [(HTTPMethod.put, "/api/messages/7"), (HTTPMethod("PURGE"), "/health"),
                               (HTTPMethod("BREW"), "/nope"), (.options, "/")] {
            let (status, body, headers) = await answer(method, path)
            #expect(status == 501, "\(method) \(path)")
            #expect(body == #"{"ok":false,"error":"method not implemented"}"#)
            #expect(headers["allow"] == nil)
        }
        // Method names are case-sensitive: `get` is not GET.
        #expect(await answer(HTTPMethod("get"), "/health").0 == 501)
        // HEAD is served wherever GET is, so it stays 405 on a POST-only path.
        #expect(await answer(.head, "/hooks/botadmin/a").0 == 405)
        var empty = Router()
        empty.add(.post, "/only", { _ in HTTPResponse(status: .ok) })
        #expect(await empty.handle(HTTPRequest(method: .head, target: "/only")).status == .notImplemented)
    }

    @Test func headFallsBackToGet() async {
        #expect(await answer(.head, "/health").1 == "health")
        #expect(await answer(.head, "/hooks/botadmin/a").0 == 405)
    }

    @Test func explicitHeadRouteWins() async {
        var router = Self.makeRouter()
        router.add(.head, "/health", { _ in HTTPResponse(status: .noContent) })
        #expect(await router.handle(HTTPRequest(method: .head, target: "/health")).status == .noContent)
        #expect(await router.handle(HTTPRequest(method: .get, target: "/health")).status == .ok)
    }

    @Test func reRegisteringReplaces() async {
        var router = Router()
        router.add(.get, "/a", { _ in HTTPResponse(status: .ok) })
        router.add(.get, "/a", { _ in HTTPResponse(status: .accepted) })
        #expect(await router.handle(HTTPRequest(method: .get, target: "/a")).status == .accepted)
    }

    @Test func resolveFindsWithoutCalling() {
        let router = Self.makeRouter()
        guard case .found(_, let request) = router.resolve(HTTPRequest(method: .post, target: "/api/messages/9/retry"))
        else {
            Issue.record("expected a route")
            return
        }
        #expect(request.pathParameters == ["mid": "9"])
    }

    /// The label metrics count a path under: the pattern that routes it, whatever the method.
    @Test func patternOfAPathIsTheRouteThatServesIt() {
        let router = Self.makeRouter()
        #expect(router.pattern(forPath: "/hooks/botadmin/shop") == "/hooks/botadmin/{account}")
        #expect(router.pattern(forPath: "/hooks/botadmin/shop/") == "/hooks/botadmin/{account}")
        #expect(router.pattern(forPath: "/api/messages/stats") == "/api/messages/stats")
        #expect(router.pattern(forPath: "/api/messages/m_1/retry") == "/api/messages/{mid}/retry")
        #expect(router.pattern(forPath: "/") == "/")
        #expect(router.pattern(forPath: "/hooks/botadmin") == nil)
        #expect(router.pattern(forPath: "/wp-admin/setup.php") == nil)
    }
}
