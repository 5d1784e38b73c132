import Testing
@testable import HTTP

@Suite struct HeaderTests {
    @Test func namesAreCaseInsensitiveAndRepeatsAreKept() throws {
        let request = try #require(parse(request([
            "GET / HTTP/1.1", "X-Tag: one", "x-tag: two", "Content-Type: application/json",
        ])).request)
        #expect(request.headers["X-TAG"] == "one")
        #expect(request.headers.values(for: "x-Tag") == ["one", "two"])
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["missing"] == nil)
        #expect(request.headers.count == 3)
    }

    @Test func trimsOptionalWhitespaceAroundValues() throws {
        let request = try #require(parse(request(["GET / HTTP/1.1", "A:\t  spaced value \t", "B:", "C:x"])).request)
        #expect(request.headers["a"] == "spaced value")
        #expect(request.headers["b"] == "")
        #expect(request.headers["c"] == "x")
    }

    @Test func keepsObsTextInValues() throws {
        let request = try #require(parse(request(["GET / HTTP/1.1", "X-Name: 张三"])).request)
        #expect(request.headers["x-name"] == "张三")
    }

    @Test func refusesObsoleteLineFolding() {
        let outcome = parse(request(["GET / HTTP/1.1", "X-A: one", " folded"]))
        #expect(outcome.status == 400)
        #expect(parse(request(["GET / HTTP/1.1", "X-A: one", "\tfolded"])).status == 400)
    }

    @Test(arguments: [
        "X-A : value",       // whitespace before colon
        "X A: value",        // space in name
        ": value",           // empty name
        "NoColon",
        "X-(A): value",      // not a token
    ])
    func refusesMalformedFieldLines(_ line: String) {
        #expect(parse(request(["GET / HTTP/1.1", line])).status == 400, "\(line)")
    }

    @Test(arguments: [UInt8(0), 0x01, 0x0D, 0x1F, 0x7F])
    func refusesControlCharactersInValues(_ byte: UInt8) {
        let input = Array("GET / HTTP/1.1\r\nX-A: a".utf8) + [byte] + Array("b\r\n\r\n".utf8)
        #expect(parse(input).status == 400)
    }

    @Test func headersValueTypeOperations() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-A": "1"]
        headers.add(name: "x-a", value: "2")
        #expect(headers.values(for: "X-A") == ["1", "2"])
        headers.replaceOrAdd(name: "X-A", value: "3")
        #expect(headers.values(for: "x-a") == ["3"])
        headers.replaceOrAdd(name: "X-New", value: "n")
        #expect(headers["x-new"] == "n")
        headers.remove(name: "CONTENT-TYPE")
        #expect(!headers.contains("content-type"))
        #expect(headers.fields.map(\.name) == ["X-A", "X-New"])
    }

    @Test func keepAliveFollowsVersionAndConnection() throws {
        func keepAlive(_ lines: [String]) -> Bool? { parse(request(lines)).request?.keepAlive }
        #expect(keepAlive(["GET / HTTP/1.1"]) == true)
        #expect(keepAlive(["GET / HTTP/1.1", "Connection: close"]) == false)
        #expect(keepAlive(["GET / HTTP/1.1", "Connection: Upgrade, CLOSE"]) == false)
        #expect(keepAlive(["GET / HTTP/1.0"]) == false)
        #expect(keepAlive(["GET / HTTP/1.0", "Connection: keep-alive"]) == true)
        #expect(keepAlive(["GET / HTTP/1.0", "connection: Keep-Alive"]) == true)
        #expect(keepAlive(["GET / HTTP/1.0", "Connection: keep-alive", "Connection: close"]) == false)
    }
}
