import HTTP
import Server
import TestSupport
import Testing

/// Methods over a real socket through a router: a method no route serves is 501, a served
/// method on a path that does not take it 405, a method that is not a token 400 and a close.
@Suite struct MethodTests {
    static var router: Router {
        var router = Router()
        router.add(.get, "/page", { _ in HTTPResponse(status: .ok, body: Array("page".utf8)) })
        router.add(.post, "/hooks/{account}", { _ in HTTPResponse(status: .ok, body: Array("hook".utf8)) })
        return router
    }

    @Test func unknownMethodIs501AndTheConnectionCarriesOn() async throws {
        try await withServer(handler: Self.router.handle) { port, _ in
            let answers = try await offPool {
                let client = try TestClient(port: port)
                try client.send("PURGE /page HTTP/1.1\r\nHost: t\r\n\r\n" + "PUT /nowhere HTTP/1.1\r\nHost: t\r\n\r\n"
                                + "POST /page HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n" + get("/page"))
                return try (0..<4).map { _ in try client.readResponse() }
            }
            #expect(answers.map(\.status) == [501, 501, 405, 200])
            #expect(answers[0].text == #"{"ok":false,"error":"method not implemented"}"#)
            #expect(answers[0].header("Allow") == nil)
            #expect(answers[2].header("Allow") == "GET, HEAD")
            #expect(answers[3].text == "page")
        }
    }

    @Test func methodThatIsNotATokenIs400AndClose() async throws {
        try await withServer(handler: Self.router.handle) { port, _ in
            let (response, closed) = try await offPool {
                let client = try TestClient(port: port)
                try client.send("PU{T /page HTTP/1.1\r\nHost: t\r\n\r\n")
                return (try client.readResponse(), try client.isClosedByServer())
            }
            #expect(response.status == 400)
            #expect(response.header("Connection") == "close")
            #expect(closed)
        }
    }
}
