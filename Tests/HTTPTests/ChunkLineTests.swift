import Testing
@testable import HTTP

/// The chunk-size line is read to the letter of RFC 9112 §7.1.1: anything else is 400, whether
/// the line arrives in one read or a byte at a time.
@Suite struct ChunkLineTests {
    static func chunked(_ body: String) -> String {
        request(["POST /a HTTP/1.1", "Transfer-Encoding: chunked"], body: body)
    }

    @Test(arguments: [
        "2\r\nhi\r\n0\r\n\r\n",
        "2;a\r\nhi\r\n0\r\n\r\n",
        "2 ;a\r\nhi\r\n0\r\n\r\n",
        "2\t; a\r\nhi\r\n0\r\n\r\n",
        "2;a=b;c\r\nhi\r\n0\r\n\r\n",
        "2;a = b ; c=d\r\nhi\r\n0\r\n\r\n",
        "2;a=\"\"\r\nhi\r\n0\r\n\r\n",
        "2;a=\"x y;z=\\\"q\\\\\"\r\nhi\r\n0\r\n\r\n",
        "2;a=\"x\" ;b\r\nhi\r\n0\r\n\r\n",
        "2;a\r\nhi\r\n0;last\r\n\r\n",
    ])
    func acceptsWellFormedExtensions(_ body: String) {
        for chunkSize in [nil, 1] {
            let outcome = parse(Self.chunked(body), chunkSize: chunkSize)
            #expect(outcome.error == nil, "\(body.debugDescription): \(String(describing: outcome.error))")
            #expect(outcome.request?.bodyText == "hi", "\(body.debugDescription)")
        }
    }

    @Test(arguments: [
        ("a \r\n", "whitespace at the end of a chunk size line"),
        ("a\t\r\n", "whitespace at the end of a chunk size line"),
        ("2;\r\nhi\r\n0\r\n\r\n", "chunk extension without a name"),
        ("2; \r\nhi\r\n0\r\n\r\n", "chunk extension without a name"),
        ("2;=b\r\nhi\r\n0\r\n\r\n", "chunk extension without a name"),
        ("2;;a\r\nhi\r\n0\r\n\r\n", "chunk extension without a name"),
        ("2;a \r\nhi\r\n0\r\n\r\n", "whitespace at the end of a chunk size line"),
        ("2;a=\r\nhi\r\n0\r\n\r\n", "chunk extension without a value after '='"),
        ("2;a=b \r\nhi\r\n0\r\n\r\n", "whitespace at the end of a chunk size line"),
        ("2;a=\"x\r\nhi\r\n0\r\n\r\n", "unterminated quoted value in chunk extension"),
        ("2;a=\"x\\\"\r\nhi\r\n0\r\n\r\n", "unterminated quoted value in chunk extension"),
        ("2;a=\"x\\\r\nhi\r\n0\r\n\r\n", "unterminated quoted value in chunk extension"),
        ("2;a=\"x\"y\r\nhi\r\n0\r\n\r\n", "invalid chunk extension"),
        ("2;a b\r\nhi\r\n0\r\n\r\n", "invalid chunk extension"),
        ("2;a=b c\r\nhi\r\n0\r\n\r\n", "invalid chunk extension"),
        ("2;a=\"\u{01}\"\r\nhi\r\n0\r\n\r\n", "invalid character in chunk extension"),
        ("2;a/b\r\nhi\r\n0\r\n\r\n", "invalid chunk extension"),
        (" 2\r\nhi\r\n0\r\n\r\n", "invalid chunk size"),
        ("2 3\r\nhi\r\n0\r\n\r\n", "invalid chunk extension"),
        ("0 \r\n\r\n", "whitespace at the end of a chunk size line"),
    ])
    func refusesEverythingElse(_ body: String, _ reason: String) {
        for chunkSize in [nil, 1] {
            let outcome = parse(Self.chunked(body), chunkSize: chunkSize)
            #expect(outcome.status == 400, "\(body.debugDescription)")
            #expect(outcome.error?.message == reason, "\(body.debugDescription)")
            #expect(outcome.requests.isEmpty)
        }
    }

    /// An unclosed quote does not make the parser look for the quote past the line's end: the
    /// line ends at CRLF and is refused there, not held open waiting for more.
    @Test func openQuoteIsRefusedAtTheEndOfItsLine() {
        let outcome = parse(Self.chunked("5;a=\"x\r\n"))
        #expect(outcome.status == 400)
    }

    @Test func sizeLineStaysBounded() {
        let long = "2;a=\"" + String(repeating: "x", count: ChunkLine.maxSizeLineBytes)
        #expect(parse(Self.chunked(long)).status == 400)
        #expect(parse(Self.chunked(long), chunkSize: 7).status == 400)
    }
}
