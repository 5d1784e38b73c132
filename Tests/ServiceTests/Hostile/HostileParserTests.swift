import HTTP
import Testing

/// The parser half of `garbageGets400AndClose`: bytes that cannot start a request line are
/// refused as soon as they arrive, not buffered until the line limit or the request time.
@Suite struct HostileParserTests {
    static func firstError(feeding bytes: [UInt8], onePerCall: Bool = false) -> ParseError? {
        var parser = RequestParser()
        for chunk in onePerCall ? bytes.map({ [$0] }) : [bytes] {
            parser.feed(chunk)
            do {
                _ = try parser.next()
            } catch {
                return error
            }
        }
        return nil
    }

    @Test func tlsClientHelloIsRefusedByItsFirstByte() {
        let error = Self.firstError(feeding: [tlsClientHello[0]])
        #expect(error?.status == .badRequest)
        #expect(error?.message == "malformed request line: invalid method")
    }

    @Test(arguments: [
        ("\u{0}\u{0}\u{0}", "invalid method"),
        (" GET", "invalid method"),
        ("GET  ", "invalid request target"),
        ("GET /a\u{7F}", "invalid request target"),
        ("GET / HTTX", "invalid HTTP version"),
        ("GET / HTTP/1.10", "invalid HTTP version"),
    ])
    func unfinishedLineThatCannotBeARequestIsRefused(line: String, reason: String) {
        let error = Self.firstError(feeding: Array(line.utf8), onePerCall: true)
        #expect(error?.status == .badRequest)
        #expect(error?.message == "malformed request line: " + reason)
    }

    @Test(arguments: ["GET /health HTTP/1.1\r\nHost: x\r\n\r\n", "\r\nM-SEARCH * HTTP/1.1\r\n\r\n",
                      "OPTIONS http://x/y?z=%20 HTTP/1.0\r\n\r\n"])
    func validRequestsFedByteByByteStillParse(text: String) throws {
        var parser = RequestParser()
        var requests = 0
        for byte in text.utf8 {
            parser.feed([byte])
            if case .request = try parser.next() { requests += 1 }
        }
        #expect(requests == 1)
    }
}
