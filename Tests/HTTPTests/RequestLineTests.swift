import Testing
@testable import HTTP

@Suite struct RequestLineTests {
    @Test func parsesASimpleGet() throws {
        let outcome = parse("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let request = try #require(outcome.request)
        #expect(request.method == .get)
        #expect(request.target == "/health")
        #expect(request.path == "/health")
        #expect(request.query == nil)
        #expect(request.version == .http1_1)
        #expect(request.headers["host"] == "x")
        #expect(request.body.isEmpty)
    }

    @Test func splitsPathAndRawQuery() throws {
        let request = try #require(parse("GET /hooks/yunzhenji/a%20b?token=x%2By&z HTTP/1.1\r\n\r\n").request)
        #expect(request.path == "/hooks/yunzhenji/a%20b")
        #expect(request.query == "token=x%2By&z")
    }

    @Test func acceptsAbsoluteFormAndRoutesByItsPath() throws {
        let request = try #require(parse("GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\n\r\n").request)
        #expect(request.path == "/a/b")
        #expect(request.query == "q=1")
        let bare = try #require(parse("GET http://example.com HTTP/1.1\r\n\r\n").request)
        #expect(bare.path == "/")
    }

    @Test func acceptsAnyTokenAsMethod() throws {
        #expect(parse("PURGE / HTTP/1.1\r\n\r\n").request?.method == HTTPMethod("PURGE"))
        #expect(parse("OPTIONS * HTTP/1.1\r\n\r\n").request?.path == "*")
    }

    @Test(arguments: [
        "GET  / HTTP/1.1",          // two spaces
        "GET / HTTP/1.1 ",          // trailing space
        " GET / HTTP/1.1",          // leading space
        "GET /",                    // no version
        "GET / HTTP/1.1 extra",
        "G(T / HTTP/1.1",           // not a token
        "GET / http/1.1",           // version is case-sensitive
        "GET / HTTP/11",
        "GET / HTTP/1.1x",
        "GET foo HTTP/1.1",         // not origin, absolute or asterisk form
        "GET /a\u{7F}b HTTP/1.1",   // DEL in target
        "GET /\ta HTTP/1.1",        // tab is a separator, so this has three parts and a bad target
    ])
    func refusesMalformedRequestLines(_ line: String) {
        let outcome = parse(line + "\r\n\r\n")
        #expect(outcome.status == 400, "\(line)")
        #expect(outcome.requests.isEmpty)
    }

    @Test func refusesNulInTarget() {
        let input: [UInt8] = Array("GET /a".utf8) + [0] + Array("b HTTP/1.1\r\n\r\n".utf8)
        #expect(parse(input).status == 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"])
    func answers505ToOtherVersions(_ version: String) {
        let outcome = parse("GET / \(version)\r\n\r\n")
        #expect(outcome.status == 505)
    }

    @Test func refusesBareLineFeeds() {
        #expect(parse("GET / HTTP/1.1\nHost: x\n\n").status == 400)
        #expect(parse("GET / HTTP/1.1\r\nHost: x\n\r\n").status == 400)
    }

    @Test func ignoresEmptyLinesBeforeTheRequestLine() throws {
        let outcome = parse("\r\n\r\nGET /a HTTP/1.1\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.request?.path == "/a")
    }

    /// Only visible ASCII may appear in a target: raw UTF-8 must be percent-encoded.
    @Test func refusesNonASCIIBytesInTheTarget() throws {
        for chunkSize in [nil, 1] {
            let outcome = parse("GET /hooks/botadmin/账号 HTTP/1.1\r\n\r\n", chunkSize: chunkSize)
            #expect(outcome.status == 400)
            #expect(outcome.error?.message == "malformed request line: invalid request target")
        }
        #expect(parse([UInt8]("GET /a".utf8) + [0x80] + [UInt8](" HTTP/1.1\r\n\r\n".utf8)).status == 400)
        #expect(parse([UInt8]("GET /a".utf8) + [0xFF] + [UInt8](" HTTP/1.1\r\n\r\n".utf8)).status == 400)
        let encoded = try #require(parse("GET /hooks/botadmin/%E8%B4%A6 HTTP/1.1\r\n\r\n").request)
        #expect(encoded.path == "/hooks/botadmin/%E8%B4%A6")
    }

    @Test(arguments: ["GÉT", "G\u{7F}T", "GET\t", "[GET]", "\"GET\""])
    func refusesMethodsThatAreNotTokens(_ method: String) {
        for chunkSize in [nil, 1] {
            let outcome = parse("\(method) / HTTP/1.1\r\n\r\n", chunkSize: chunkSize)
            #expect(outcome.status == 400, "\(method.debugDescription)")
            #expect(outcome.error?.message == "malformed request line: invalid method")
        }
    }
}
