import Testing
@testable import HTTP

@Suite struct StreamingTests {
    static let conversation: String =
        request(["POST /one?x=1 HTTP/1.1", "Host: h", "Content-Length: 11"], body: "hello world")
        + request(["POST /two HTTP/1.1", "Transfer-Encoding: chunked"], body: "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
        + request(["GET /three HTTP/1.1", "Connection: close"])

    @Test func pipelinedRequestsComeOutInOrder() {
        let outcome = parse(Self.conversation)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.path) == ["/one", "/two", "/three"])
        #expect(outcome.requests.map(\.bodyText) == ["hello world", "Wikipedia", ""])
        #expect(outcome.requests.map(\.keepAlive) == [true, true, false])
    }

    @Test(arguments: [1, 2, 3, 5, 13, 64])
    func anySplitGivesTheSameRequests(_ size: Int) {
        let whole = parse(Self.conversation)
        let pieces = parse(Self.conversation, chunkSize: size)
        #expect(pieces.error == nil)
        #expect(pieces.requests.map(\.target) == whole.requests.map(\.target))
        #expect(pieces.requests.map(\.body) == whole.requests.map(\.body))
        #expect(pieces.requests.map(\.headers) == whole.requests.map(\.headers))
    }

    @Test func errorInAPipelinedRequestComesAfterTheGoodOnes() {
        let outcome = parse("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nBad Header: x\r\n\r\nGET /c HTTP/1.1\r\n\r\n")
        #expect(outcome.requests.map(\.path) == ["/a"])
        #expect(outcome.status == 400)
    }

    @Test func partialRequestIsReported() {
        var parser = RequestParser()
        #expect(!parser.hasPartialRequest)
        parser.feed(Array("GET / HT".utf8))
        #expect(parser.hasPartialRequest)
        parser.feed(Array("TP/1.1\r\n\r\n".utf8))
        if case .request = try? parser.next() {} else { Issue.record("expected a request") }
        #expect(!parser.hasPartialRequest)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func expectContinueIsSignalledBeforeTheBody() {
        var parser = RequestParser()
        parser.feed(Array(request(["POST /a HTTP/1.1", "Expect: 100-continue", "Content-Length: 3"]).utf8))
        guard case .continueExpected = try? parser.next() else {
            Issue.record("expected continueExpected")
            return
        }
        #expect((try? parser.next()) == nil)
        parser.feed(Array("abc".utf8))
        guard case .request(let request) = try? parser.next() else {
            Issue.record("expected the request")
            return
        }
        #expect(request.bodyText == "abc")
    }

    @Test func expectContinueIsNotSignalledWhenTheBodyIsAlreadyHere() {
        let outcome = parse(request(["POST /a HTTP/1.1", "Expect: 100-Continue", "Content-Length: 3"], body: "abc"))
        #expect(outcome.trace == ["/a"])
    }

    @Test func expectContinueForChunkedBodies() {
        let head = request(["POST /a HTTP/1.1", "Expect: 100-continue", "Transfer-Encoding: chunked"])
        let outcome = parse(head + "1\r\nx\r\n0\r\n\r\n", chunkSize: head.utf8.count)
        #expect(outcome.trace == ["continue", "/a"])
    }

    @Test func expectContinueIgnoredWithoutABodyOrForHTTP10() {
        #expect(parse(request(["POST /a HTTP/1.1", "Expect: 100-continue", "Content-Length: 0"])).trace == ["/a"])
        let http10 = request(["POST /a HTTP/1.0", "Expect: 100-continue", "Content-Length: 1"])
        #expect(parse(http10 + "x", chunkSize: http10.utf8.count).trace == ["/a"])
    }

    @Test func largeBodyFedInPiecesIsIntact() throws {
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let head = Array("POST /big HTTP/1.1\r\nContent-Length: \(payload.count)\r\n\r\n".utf8)
        let outcome = parse(head + payload + Array("GET /after HTTP/1.1\r\n\r\n".utf8), chunkSize: 4093)
        #expect(outcome.requests.count == 2)
        #expect(outcome.requests.first?.body == payload)
        #expect(outcome.requests.last?.path == "/after")
    }
}
