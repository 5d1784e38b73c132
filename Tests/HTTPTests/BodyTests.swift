import Testing
@testable import HTTP

@Suite struct BodyTests {
    @Test func readsAContentLengthBody() throws {
        let request = try #require(parse(request(["POST /a HTTP/1.1", "Content-Length: 5"], body: "hello")).request)
        #expect(request.bodyText == "hello")
    }

    @Test func waitsForTheWholeBody() {
        let outcome = parse(request(["POST /a HTTP/1.1", "Content-Length: 6"], body: "hello"))
        #expect(outcome.requests.isEmpty)
        #expect(outcome.error == nil)
    }

    @Test func acceptsRepeatedIdenticalLengths() throws {
        let lines = ["POST /a HTTP/1.1", "Content-Length: 2", "Content-Length: 2"]
        #expect(parse(request(lines, body: "ok")).request?.bodyText == "ok")
        #expect(parse(request(["POST /a HTTP/1.1", "Content-Length: 2, 2"], body: "ok")).request?.bodyText == "ok")
    }

    @Test(arguments: [
        ["Content-Length: 2", "Content-Length: 3"],
        ["Content-Length: 2, 3"],
        ["Content-Length: +2"],
        ["Content-Length: -1"],
        ["Content-Length: 0x2"],
        ["Content-Length: 2 2"],
        ["Content-Length:"],
        ["Content-Length: 99999999999999999999999"],
        ["Content-Length: 2", "Transfer-Encoding: chunked"],
        ["Transfer-Encoding: chunked", "Content-Length: 2"],
        ["Transfer-Encoding: chunked, chunked"],
        ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"],
        ["Transfer-Encoding:"],
    ])
    func refusesAmbiguousFraming(_ fields: [String]) {
        #expect(parse(request(["POST /a HTTP/1.1"] + fields, body: "ok")).status == 400, "\(fields)")
    }

    @Test(arguments: ["gzip", "gzip, chunked", "chunked, gzip", "deflate", "identity", "chunked;q=1",
                      "chunked ;x", "chunked;", "x-chunked", "chunkedx"])
    func answers501ToOtherTransferCodings(_ codings: String) {
        #expect(parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: \(codings)"])).status == 501)
    }

    @Test func decodesChunkedBodies() throws {
        let body = "5\r\nhello\r\n1;ext=1\r\n \r\n6 ; name\r\nworld!\r\n0\r\n\r\n"
        let request = try #require(parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: Chunked"],
                                                 body: body)).request)
        #expect(request.bodyText == "hello world!")
    }

    @Test func chunkSizesAreHexadecimal() throws {
        let data = String(repeating: "x", count: 26)
        let body = "1A\r\n\(data)\r\n0\r\n\r\n"
        #expect(parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: body))
            .request?.body.count == 26)
    }

    @Test func skipsTrailers() throws {
        let body = "3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"
        let outcome = parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: body)
                            + "GET /next HTTP/1.1\r\n\r\n")
        #expect(outcome.requests.map(\.bodyText) == ["abc", ""])
        #expect(outcome.requests.last?.path == "/next")
        #expect(outcome.requests.first?.headers["x-checksum"] == nil)
    }

    @Test(arguments: [
        "z\r\nabc\r\n0\r\n\r\n",          // not hex
        "\r\nabc\r\n0\r\n\r\n",           // empty size
        "3\r\nabcd\r\n0\r\n\r\n",         // data longer than its size
        "3\r\nabc0\r\n\r\n",              // no CRLF after data
        "3x\r\nabc\r\n0\r\n\r\n",         // junk after the size
        "3\nabc\r\n0\r\n\r\n",            // bare LF
        "fffffffffffffffffff\r\n",        // overflows
    ])
    func refusesMalformedChunks(_ body: String) {
        #expect(parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: body)).status == 400,
                "\(body.debugDescription)")
    }

    @Test func chunkedBodyLimitAppliesToTheDecodedSize() {
        let limits = HTTPLimits(maxBodyBytes: 10)
        let fits = "5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n"
        #expect(parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: fits),
                      limits: limits).request?.body.count == 10)
        let over = "5\r\n12345\r\n6\r\n"
        #expect(parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: over),
                      limits: limits).status == 413)
    }

    @Test func oversizedChunkIsRefusedBeforeItsDataArrives() {
        // Only the size line is sent: the refusal must not wait for the 1 MiB of data.
        let outcome = parse(request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: "100001\r\n"))
        #expect(outcome.status == 413)
    }

    @Test func getWithoutFramingHasAnEmptyBody() throws {
        let outcome = parse("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n")
        #expect(outcome.requests.map(\.path) == ["/a", "/b"])
        #expect(outcome.requests.allSatisfy { $0.body.isEmpty })
    }

    @Test func http10RequestsWork() throws {
        let request = try #require(parse(request(["POST /a HTTP/1.0", "Content-Length: 2"], body: "hi")).request)
        #expect(request.version == .http1_0)
        #expect(request.bodyText == "hi")
        #expect(!request.keepAlive)
    }
}
