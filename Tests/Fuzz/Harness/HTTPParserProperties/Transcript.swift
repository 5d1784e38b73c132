import FuzzSupport
import HTTP

/// What a parser made of a byte stream: the requests in order, then the status of the error that
/// stopped it, if any, and what it still held at the end. Not part of it: `100 Continue` signals
/// (whether one is due depends on whether the body had arrived yet, which is the point of
/// splitting) and the error's wording (a head over two limits at once names the one it noticed
/// first, which depends on how much of it had arrived).
struct Transcript: Equatable, CustomStringConvertible {
    struct Request: Equatable {
        var method: String
        var target: String
        var path: String
        var query: String?
        var version: HTTPVersion
        var headers: HTTPHeaders
        var body: [UInt8]
        var keepAlive: Bool
    }

    var requests: [Request] = []
    var status: Int?
    /// The error itself, for messages.
    var error: ParseError?
    /// Unconsumed bytes and an unfinished request at the end (meaningless after an error).
    var buffered = 0
    var partial = false

    /// Feeds `bytes` cut at the increasing offsets `cuts`, taking out every request after each piece.
    init(_ bytes: UnsafeRawBufferPointer, cuts: [Int], limits: HTTPLimits) {
        var parser = RequestParser(limits: limits)
        var from = 0
        for cut in cuts + [bytes.count] {
            parser.feed(UnsafeRawBufferPointer(rebasing: bytes[from..<cut]))
            from = cut
            drain(&parser, limits)
            if error != nil { break }
        }
        if let error {
            // The parser stays failed: the same error again, whatever comes after.
            parser.feed(bytes)
            do throws(ParseError) {
                let event = try parser.next()
                check(false, "a failed parser produced \(String(describing: event)) after \(error)")
            } catch {
                check(error == self.error && error.message == self.error?.message,
                      "a failed parser threw \(error), first \(self.error.map(String.init(describing:)) ?? "")")
            }
        } else {
            buffered = parser.bufferedByteCount
            partial = parser.hasPartialRequest
        }
    }

    private mutating func drain(_ parser: inout RequestParser, _ limits: HTTPLimits) {
        while true {
            do throws(ParseError) {
                guard let event = try parser.next() else { return }
                guard case .request(let request) = event else { continue }
                Self.checkWithinLimits(request, limits)
                requests.append(Request(method: request.method.rawValue, target: request.target, path: request.path,
                                        query: request.query, version: request.version, headers: request.headers,
                                        body: request.body, keepAlive: request.keepAlive))
            } catch {
                // The statuses of HTTPLimits and of the framing rules, nothing else.
                check([400, 413, 414, 431, 501, 505].contains(error.status.code),
                      "error with status \(error.status.code): \(error)")
                check(!error.message.isEmpty, "error without a message")
                self.error = error
                status = error.status.code
                return
            }
        }
    }

    private static func checkWithinLimits(_ request: HTTPRequest, _ limits: HTTPLimits) {
        check(request.body.count <= limits.maxBodyBytes,
              "body of \(request.body.count) bytes over the limit of \(limits.maxBodyBytes)")
        check(request.headers.count <= limits.maxHeaderCount,
              "\(request.headers.count) header fields over the limit of \(limits.maxHeaderCount)")
        check(!request.target.isEmpty && request.target.utf8.count <= limits.maxRequestLineBytes,
              "target \(request.target.debugDescription) empty or over the request line limit")
        // Only visible ASCII gets through: nothing another parser could split or decode otherwise.
        check(request.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F },
              "target \(request.target.debugDescription) holds bytes outside visible ASCII")
        check(request.version == .http1_1 || request.version == .http1_0, "version \(request.version)")
        check(!request.method.rawValue.isEmpty, "empty method")
        for field in request.headers {
            check(!field.name.isEmpty && !field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 },
                  "header field \(field.name.debugDescription): \(field.value.debugDescription)")
        }
        // A Content-Length body is exactly that long.
        let lengths = request.headers.values(for: "content-length")
        if !request.headers.contains("transfer-encoding"), lengths.count == 1, let length = Int(lengths[0]) {
            check(request.body.count == length, "Content-Length \(length) but a body of \(request.body.count) bytes")
        }
        // An origin-form target splits into path and query at its first "?".
        if request.target.hasPrefix("/") {
            let utf8 = request.target.utf8
            let mark = utf8.firstIndex(of: UInt8(ascii: "?"))
            let path = String(decoding: utf8[..<(mark ?? utf8.endIndex)], as: UTF8.self)
            let query = mark.map { String(decoding: utf8[utf8.index(after: $0)...], as: UTF8.self) }
            check(request.path == path && request.query == query,
                  "target \(request.target.debugDescription) split into \(request.path.debugDescription) and \(String(describing: request.query))")
        }
    }

    var description: String {
        let shown = requests.map { "\($0.method) \($0.target) headers \($0.headers.count) body \($0.body.count)" }
        return "\(shown) error \(error.map(String.init(describing:)) ?? "none") buffered \(buffered) partial \(partial)"
    }
}

extension Transcript {
    static func == (left: Transcript, right: Transcript) -> Bool {
        left.requests == right.requests && left.status == right.status && left.buffered == right.buffered
            && left.partial == right.partial
    }
}
