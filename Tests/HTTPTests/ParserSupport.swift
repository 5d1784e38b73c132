@testable import HTTP

/// What a parser made of some input: the events in order, and the error that stopped it.
struct ParseOutcome {
    var requests: [HTTPRequest] = []
    var continues = 0
    var error: ParseError?
    /// Event names in order: "continue" or the request's target.
    var trace: [String] = []

    var request: HTTPRequest? { requests.first }
    var status: Int? { error?.status.code }
}

/// Feeds `input` in pieces of `chunkSize` bytes (everything at once when nil), draining
/// events after every piece as the server does.
func parse(_ input: String, limits: HTTPLimits = HTTPLimits(), chunkSize: Int? = nil) -> ParseOutcome {
    parse(Array(input.utf8), limits: limits, chunkSize: chunkSize)
}

func parse(_ input: [UInt8], limits: HTTPLimits = HTTPLimits(), chunkSize: Int? = nil) -> ParseOutcome {
    var parser = RequestParser(limits: limits)
    var outcome = ParseOutcome()
    let step = max(1, chunkSize ?? input.count)
    var offset = 0
    repeat {
        let end = min(offset + step, input.count)
        parser.feed(input[offset..<end])
        offset = end
        do {
            while let event = try parser.next() {
                switch event {
                case .continueExpected:
                    outcome.continues += 1
                    outcome.trace.append("continue")
                case .request(let request):
                    outcome.requests.append(request)
                    outcome.trace.append(request.target)
                }
            }
        } catch {
            outcome.error = error
            return outcome
        }
    } while offset < input.count
    return outcome
}

/// A request with the given header lines and body (CRLFs added).
func request(_ lines: [String], body: String = "") -> String {
    lines.joined(separator: "\r\n") + "\r\n\r\n" + body
}

extension HTTPRequest {
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
