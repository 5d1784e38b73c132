import Testing
@testable import HTTP

/// Inputs found by fuzz-http-parser (Tests/Fuzz) whose answer depended on how the bytes were
/// split across reads: a line over a limit (request line, header section, trailers) that ends in
/// a bare LF was a 400 when it arrived at once, but the 414 or 431 of the limit when it arrived in
/// pieces (the limit fires before the LF is seen). It is the limit's status either way now.
@Suite struct ParserFuzzRegressionTests {
    static let splits: [Int?] = [nil, 1, 7, 70]

    @Test(arguments: splits)
    func overlongRequestLineEndingInBareLF(_ split: Int?) {
        let limits = HTTPLimits(maxRequestLineBytes: 64)
        let input = "GET /" + String(repeating: "a", count: 80) + " HTTP/1.1\n\r\n"
        #expect(parse(input, limits: limits, chunkSize: split).status == 414)
    }

    @Test(arguments: splits)
    func overlongHeaderSectionEndingInBareLF(_ split: Int?) {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let input = "GET / HTTP/1.1\r\nX-Pad: " + String(repeating: "p", count: 200) + "\nHost: a\r\n\r\n"
        #expect(parse(input, limits: limits, chunkSize: split).status == 431)
    }

    /// The trailer section of a chunked body counts against the header limit, with the same rule.
    @Test(arguments: splits)
    func overlongTrailerEndingInBareLF(_ split: Int?) {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let input = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: "
            + String(repeating: "t", count: 200) + "\nX-U: u\r\n\r\n"
        #expect(parse(input, limits: limits, chunkSize: split).status == 431)
    }

    /// Within the limits a bare LF is still refused as one, however it arrives.
    @Test(arguments: splits)
    func bareLFWithinTheLimits(_ split: Int?) {
        let limits = HTTPLimits(maxRequestLineBytes: 64, maxHeaderBytes: 100)
        #expect(parse("GET / HTTP/1.1\n\r\n", limits: limits, chunkSize: split).status == 400)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\n\r\n", limits: limits, chunkSize: split).status == 400)
        let trailer = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: t\n\r\n"
        #expect(parse(trailer, limits: limits, chunkSize: split).status == 400)
    }
}
