import Testing
@testable import HTTP

/// Each limit: exactly at the limit passes, one byte (or field) over fails with its own status,
/// whether the input arrives at once or byte by byte.
@Suite struct LimitTests {
    static let splits: [Int?] = [nil, 1, 7]

    /// A request line of exactly `length` bytes.
    func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    @Test(arguments: splits)
    func requestLineLimit(_ split: Int?) {
        let limits = HTTPLimits(maxRequestLineBytes: 64)
        #expect(parse(requestLine(length: 64) + "\r\n\r\n", limits: limits, chunkSize: split).requests.count == 1)
        #expect(parse(requestLine(length: 65) + "\r\n\r\n", limits: limits, chunkSize: split).status == 414)
    }

    @Test func requestLineLimitFiresBeforeTheLineEnds() {
        let limits = HTTPLimits(maxRequestLineBytes: 64)
        #expect(parse("GET /" + String(repeating: "a", count: 100), limits: limits).status == 414)
        // At the limit and still one CR short: not refused yet.
        #expect(parse(requestLine(length: 64) + "\r", limits: limits).error == nil)
    }

    /// Field lines totalling exactly `bytes` bytes, CRLFs included.
    func fields(totalling bytes: Int) -> [String] {
        let padding = bytes - "X-Pad: \r\n".utf8.count
        return ["X-Pad: " + String(repeating: "p", count: padding)]
    }

    @Test(arguments: splits)
    func headerBytesLimit(_ split: Int?) {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let fits = request(["GET / HTTP/1.1"] + fields(totalling: 100))
        #expect(parse(fits, limits: limits, chunkSize: split).requests.count == 1)
        let over = request(["GET / HTTP/1.1"] + fields(totalling: 101))
        #expect(parse(over, limits: limits, chunkSize: split).status == 431)
    }

    @Test func headerBytesLimitFiresBeforeTheHeadEnds() {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        #expect(parse("GET / HTTP/1.1\r\nX-Pad: " + String(repeating: "p", count: 200), limits: limits).status == 431)
    }

    @Test(arguments: splits)
    func headerCountLimit(_ split: Int?) {
        let limits = HTTPLimits(maxHeaderCount: 5)
        let five = (1...5).map { "X-\($0): v" }
        #expect(parse(request(["GET / HTTP/1.1"] + five), limits: limits, chunkSize: split).requests.count == 1)
        #expect(parse(request(["GET / HTTP/1.1"] + five + ["X-6: v"]), limits: limits, chunkSize: split)
            .status == 431)
    }

    @Test(arguments: splits)
    func contentLengthBodyLimit(_ split: Int?) {
        let limits = HTTPLimits(maxBodyBytes: 16)
        let fits = request(["POST / HTTP/1.1", "Content-Length: 16"], body: String(repeating: "b", count: 16))
        #expect(parse(fits, limits: limits, chunkSize: split).request?.body.count == 16)
        let over = request(["POST / HTTP/1.1", "Content-Length: 17"], body: String(repeating: "b", count: 17))
        #expect(parse(over, limits: limits, chunkSize: split).status == 413)
    }

    @Test func oversizedContentLengthIsRefusedFromTheHeadAlone() {
        let outcome = parse(request(["POST / HTTP/1.1", "Content-Length: 1048577"]))
        #expect(outcome.status == 413)
        #expect(outcome.error?.message.contains("1048576") == true)
    }

    @Test(arguments: splits)
    func chunkedBodyLimit(_ split: Int?) {
        let limits = HTTPLimits(maxBodyBytes: 16)
        let sixteen = "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"
        #expect(parse(request(["POST / HTTP/1.1", "Transfer-Encoding: chunked"], body: sixteen),
                      limits: limits, chunkSize: split).request?.body.count == 16)
        let seventeen = "8\r\n12345678\r\n9\r\n123456789\r\n0\r\n\r\n"
        #expect(parse(request(["POST / HTTP/1.1", "Transfer-Encoding: chunked"], body: seventeen),
                      limits: limits, chunkSize: split).status == 413)
    }

    @Test(arguments: splits)
    func trailerBytesShareTheHeaderLimit(_ split: Int?) {
        let limits = HTTPLimits(maxHeaderBytes: 60)
        let head = ["POST / HTTP/1.1", "Transfer-Encoding: chunked"]   // 28 field bytes
        let trailer = "X-T: " + String(repeating: "t", count: 53)       // 58 + CRLF = 60 bytes
        let fits = request(head, body: "1\r\na\r\n0\r\n\(trailer)\r\n\r\n")
        let fitting = parse(fits, limits: limits, chunkSize: split)
        #expect(fitting.request?.bodyText == "a", "\(String(describing: fitting.error))")
        let over = request(head, body: "1\r\na\r\n0\r\n\(trailer)t\r\n\r\n")
        #expect(parse(over, limits: limits, chunkSize: split).status == 431)
    }

    @Test func errorsAreSticky() {
        var parser = RequestParser()
        parser.feed(Array("BAD\r\n\r\n".utf8))
        #expect(throws: ParseError.self) { try parser.next() }
        parser.feed(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(throws: ParseError.self) { try parser.next() }
    }
}
