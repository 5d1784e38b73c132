import HTTP
import Testing

/// The client-side reader of answers: every framing, fed whole and byte by byte, and the ways an
/// answer can be broken, each refused with a message that quotes none of its bytes.
@Suite struct ResponseParserTests {
    /// Feeds `text` in pieces of `step` bytes, then ends the input if no answer came.
    private func read(_ text: String, step: Int = .max, method: String = "POST",
                      limits: ResponseParser.Limits = .init()) throws(ResponseError) -> HTTPClientResponse {
        var parser = ResponseParser(requestMethod: method, limits: limits)
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + step, bytes.count)
            if let answer = try parser.feed(bytes[start..<end]) { return answer }
            start = end
        }
        return try parser.endOfInput()
    }

    @Test(arguments: [1, 3, .max])
    func framings(step: Int) throws {
        let sized = try read("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"code\":0}\n", step: step)
        #expect(sized.status == 200 && sized.keepAlive && sized.headers["content-type"] == "application/json")
        #expect(String(decoding: sized.body, as: UTF8.self) == "{\"code\":0}\n")

        let chunked = try read("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\nA\r\n0123456789\r\n0\r\nX: y\r\n\r\n",
                               step: step)
        #expect(String(decoding: chunked.body, as: UTF8.self) == "abc0123456789" && chunked.keepAlive)

        let untilClose = try read("HTTP/1.1 500 Internal Server Error\r\n\r\nboom", step: step)
        #expect(untilClose.status == 500 && untilClose.body == Array("boom".utf8) && !untilClose.keepAlive)

        let interim = try read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
                               step: step)
        #expect(interim.status == 204 && interim.body.isEmpty && interim.headers.isEmpty)

        let bareLF = try read("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", step: step)
        #expect(bareLF.body == Array("ok".utf8))
    }

    @Test func keepAliveFollowsVersionAndConnection() throws {
        #expect(try !read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try !read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive)
        #expect(try read("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").keepAlive)
    }

    @Test func headAnswersHaveNoBody() throws {
        let answer = try read("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", method: "HEAD")
        #expect(answer.body.isEmpty && answer.keepAlive)
    }

    @Test func bytesAfterTheAnswerAreIgnored() throws {
        var parser = ResponseParser()
        let answer = try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 500 No\r\n\r\n".utf8))
        #expect(answer?.body == Array("x".utf8))
    }

    @Test(arguments: [
        ("SECRET 200 OK\r\n\r\n", "not HTTP/1.x"),
        ("HTTP/2 200 OK\r\n\r\n", "not HTTP/1.x"),
        ("HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line"),
        ("HTTP/1.1 099 Low\r\n\r\n", "malformed status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nSECRET", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"),
        ("HTTP/1.1 200 OK\r\nBad Header: SECRET\r\n\r\n", "malformed header line"),
        ("HTTP/1.1 200 OK\r\n folded: SECRET\r\n\r\n", "folded or empty header"),
        ("HTTP/1.1 200 OK\r\nX: SECRET\u{1}\r\n\r\n", "control character"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "longer than its size"),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "switched protocols"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nSECRET", "in the middle of the answer"),
        ("", "closed before an answer"),
    ])
    func brokenAnswersAreRefused(text: String, reason: String) {
        #expect {
            _ = try read(text)
        } throws: { error in
            let message = (error as? ResponseError)?.message ?? ""
            return message.contains(reason) && !message.contains("SECRET")
        }
    }

    @Test func limitsAreEnforcedBeforeTheWholeAnswerArrives() {
        let limits = ResponseParser.Limits(maxHeadBytes: 64, maxBodyBytes: 16)
        var parser = ResponseParser(limits: limits)
        #expect(throws: ResponseError.self) {
            _ = try parser.feed(Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 100)).utf8))
        }
        #expect { _ = try read("HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n", limits: limits) } throws: {
            ($0 as? ResponseError)?.message.contains("larger than 16") == true
        }
        #expect { _ = try read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n", limits: limits) } throws: {
            ($0 as? ResponseError)?.message.contains("larger than 16") == true
        }
        var endless = ResponseParser(limits: limits)
        #expect(throws: ResponseError.self) {
            _ = try endless.feed(Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
            _ = try endless.feed([UInt8](repeating: 0x61, count: 17))
        }
    }

    /// With `cutsLongBody`, every framing ends the answer at the limit, whole or in pieces, keeps
    /// its status, marks it cut, and gives up the connection; a body within the limit is whole.
    @Test(arguments: [1, 5, .max])
    func aLongBodyIsCutAtTheLimitWhenAsked(step: Int) throws {
        let limits = ResponseParser.Limits(maxBodyBytes: 8, cutsLongBody: true)
        let long = String(repeating: "x", count: 20)
        for text in ["HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n" + long,
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nxxxxx\r\n14\r\n" + long + "\r\n0\r\n\r\n",
                     "HTTP/1.1 503 Busy\r\nConnection: close\r\n\r\n" + long] {
            let answer = try read(text, step: step, limits: limits)
            #expect(answer.body == Array("xxxxxxxx".utf8) && answer.bodyCut && !answer.keepAlive, "\(text)")
        }
        let whole = try read("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nxxxxxxxx", step: step, limits: limits)
        #expect(!whole.bodyCut && whole.keepAlive && whole.body.count == 8)
        #expect(try read("HTTP/1.1 503 Busy\r\nConnection: close\r\n\r\n" + long, step: step, limits: limits).status == 503)
    }
}

/// Findings of the fuzzers, kept as cases.
@Suite struct ResponseParserFuzzRegressionTests {
    /// The head limit was checked only while the head was incomplete: in one piece a long head
    /// passed, in pieces it was refused.
    @Test func theHeadLimitIsTheSameWholeAndInPieces() {
        let text = Array("HTTP/1.1 200 OK\r\nContent-Type: applicatode\":0,\"errmsg\":\"ok\"}\n\r\n0\r\n\r\n".utf8)
        let limits = ResponseParser.Limits(maxHeadBytes: 46, maxBodyBytes: 100)
        for step in [1, 8, text.count] {
            var parser = ResponseParser(limits: limits)
            #expect(throws: ResponseError("the answer's head is larger than 46 bytes"), "step \(step)") {
                for start in stride(from: 0, to: text.count, by: step) {
                    _ = try parser.feed(text[start..<min(start + step, text.count)])
                }
                _ = try parser.endOfInput()
            }
        }
    }

    /// A head trickling in byte by byte is searched once, not from its start on every byte: a
    /// 64 KiB head fed a byte at a time would otherwise cost two billion comparisons.
    @Test func aTricklingHeadIsReadInLinearTime() throws {
        var parser = ResponseParser()
        let head = Array(("HTTP/1.1 200 OK\r\n" + String(repeating: "X-Pad: 0123456789abcdef\r\n", count: 2_500)).utf8)
        for byte in head { #expect(try parser.feed(CollectionOfOne(byte)) == nil) }
        let answer = try parser.feed(Array("Content-Length: 2\r\n\r\nok".utf8))
        #expect(answer?.headers.count == 2_501 && answer?.body == Array("ok".utf8))
    }

    /// A chunk followed by more bytes than its size was "too long a chunk end" when the bytes
    /// arrived in pieces and "longer than its size" in one piece.
    @Test func anOverlongChunkIsTheSameErrorWholeAndInPieces() {
        let text = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n".utf8)
        for step in 1...text.count {
            var parser = ResponseParser()
            #expect(throws: ResponseError("a chunk of the answer is longer than its size"), "step \(step)") {
                for start in stride(from: 0, to: text.count, by: step) {
                    _ = try parser.feed(text[start..<min(start + step, text.count)])
                }
                _ = try parser.endOfInput()
            }
        }
    }
}
