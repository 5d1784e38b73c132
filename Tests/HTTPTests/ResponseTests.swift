import Testing
@testable import HTTP

@Suite struct ResponseTests {
    func text(_ response: HTTPResponse, _ framing: HTTPResponse.Framing = .init()) -> String {
        String(decoding: response.serialized(framing: framing), as: UTF8.self)
    }

    @Test func serializesStatusHeadersLengthAndBody() {
        let response = HTTPResponse.json(.created, Array(#"{"ok":true}"#.utf8))
        #expect(text(response, .init(requestID: "abc123")) ==
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 11\r\n"
            + "X-Request-Id: abc123\r\n\r\n{\"ok\":true}")
    }

    @Test func closeAndKeepAliveAnnouncements() {
        let response = HTTPResponse(status: .ok)
        #expect(text(response, .init(close: true)) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(text(response, .init(announceKeepAlive: true)) ==
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func headKeepsTheLengthAndDropsTheBody() {
        let response = HTTPResponse(status: .ok, body: Array("hello".utf8))
        #expect(text(response, .init(includeBody: false)) == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func noContentHasNoLengthOrBody() {
        #expect(text(HTTPResponse(status: .noContent, body: [1, 2])) == "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(text(HTTPResponse(status: .continue)) == "HTTP/1.1 100 Continue\r\n\r\n")
    }

    @Test func handlerFramingHeadersAreReplacedAndValuesCannotSplitTheResponse() {
        var response = HTTPResponse(status: .ok, body: Array("abc".utf8))
        response.headers.add(name: "Content-Length", value: "999")
        response.headers.add(name: "Transfer-Encoding", value: "chunked")
        response.headers.add(name: "Connection", value: "close")
        response.headers.add(name: "X-Evil", value: "a\r\nSet-Cookie: b")
        #expect(response.requestsClose)
        #expect(text(response) == "HTTP/1.1 200 OK\r\nX-Evil: a  Set-Cookie: b\r\nContent-Length: 3\r\n\r\nabc")
    }

    @Test func serializeAppendsToAReusedBuffer() {
        var buffer: [UInt8] = Array("prefix".utf8)
        HTTPResponse(status: .ok).serialize(into: &buffer, framing: .init())
        #expect(String(decoding: buffer, as: UTF8.self).hasPrefix("prefixHTTP/1.1 200 OK\r\n"))
    }

    @Test func jsonErrorEscapesItsMessage() {
        let response = HTTPResponse.jsonError(.badRequest, "bad \"field\"\\ \n\t\u{01} 中文")
        #expect(String(decoding: response.body, as: UTF8.self) ==
            #"{"ok":false,"error":"bad \"field\"\\ \n\t\u0001 中文"}"#)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.status == .badRequest)
    }

    @Test func largeLengthsAreWrittenInDecimal() {
        let response = HTTPResponse(status: .ok, body: [UInt8](repeating: 0, count: 1_234_567))
        #expect(text(response, .init(includeBody: false)) == "HTTP/1.1 200 OK\r\nContent-Length: 1234567\r\n\r\n")
    }

    @Test func statusesKnowTheirPhrases() {
        #expect(HTTPStatus(code: 431).reasonPhrase == "Request Header Fields Too Large")
        #expect(HTTPStatus(code: 413) == .contentTooLarge)
        #expect(HTTPStatus(code: 299).reasonPhrase == "Success")
        #expect(ParseError(.uriTooLong, "x").response.status.code == 414)
    }
}
