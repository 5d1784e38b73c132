import FuzzSupport
import HTTP

/// The properties of `fuzz-http-response`: the input is what a provider answered on one
/// connection, read by our client's `ResponseParser`. Read in one piece, split at one point and
/// in small pieces, under the default limits and under tight ones derived from the input, every
/// way must give the same answer or the same error; an answer never exceeds the limits; an error
/// never quotes the input (a provider's error page may echo our request, credentials included).
public func checkProperties(of bytes: UnsafeRawBufferPointer) {
    let size = bytes.count
    let hash = fingerprint(bytes)
    let method = hash & 0xF == 0 ? "HEAD" : "POST"
    for limits in [ResponseParser.Limits(), tightLimits(hash)] {
        let whole = Reading(bytes, cuts: [], method: method, limits: limits)
        let point = Int(hash % UInt64(size + 1))
        let split = Reading(bytes, cuts: [point], method: method, limits: limits)
        check(split == whole, "split at \(point) gave \(split), in one piece \(whole)")
        if size <= 1024 {
            let step = 1 + Int((hash >> 40) % 16)
            let pieces = Reading(bytes, cuts: Array(stride(from: step, to: size, by: step)), method: method, limits: limits)
            check(pieces == whole, "pieces of \(step) gave \(pieces), in one piece \(whole)")
        }
        if case .answer(let answer) = whole {
            check(answer.body.count <= limits.maxBodyBytes, "a body of \(answer.body.count) bytes passed \(limits)")
            check(answer.status >= 200 && answer.status <= 999, "status \(answer.status) is not a final status")
        }
        if case .failure(let error) = whole {
            check(isOwnSentence(error.message), "the error \"\(error.message)\" is not one of ours: it quotes the input")
        }
    }
}

/// What the parser made of the input: the answer, an error, or nothing yet at the end.
enum Reading: Equatable, CustomStringConvertible {
    case answer(HTTPClientResponse)
    case failure(ResponseError)

    /// Feeds `bytes` cut at the increasing offsets `cuts`, then ends the input.
    init(_ bytes: UnsafeRawBufferPointer, cuts: [Int], method: String, limits: ResponseParser.Limits) {
        var parser = ResponseParser(requestMethod: method, limits: limits)
        var from = 0
        do throws(ResponseError) {
            for cut in cuts + [bytes.count] {
                if let answer = try parser.feed(bytes[from..<cut]) {
                    self = .answer(answer)
                    return
                }
                from = cut
            }
            self = .answer(try parser.endOfInput())
        } catch {
            self = .failure(error)
        }
    }

    var description: String {
        switch self {
        case .answer(let answer): "answer \(answer.status), \(answer.headers.count) headers, \(answer.body.count) bytes, keep-alive \(answer.keepAlive)"
        case .failure(let error): "error \"\(error.message)\""
        }
    }
}

/// Limits small enough that the fuzzer reaches each of them, different for different inputs.
private func tightLimits(_ hash: UInt64) -> ResponseParser.Limits {
    ResponseParser.Limits(maxHeadBytes: 16 + Int((hash >> 8) % 256), maxBodyBytes: Int((hash >> 24) % 256))
}

/// Whether `message` is one of ResponseParser's own sentences (digits stand for numbers from the
/// limits): anything else would be text taken from the input.
private func isOwnSentence(_ message: String) -> Bool {
    var shape = ""
    for character in message where !(character.isASCII && character.isNumber) || shape.last != "N" {
        shape.append(character.isASCII && character.isNumber ? "N" : character)
    }
    return ownSentences.contains(shape)
}

private let ownSentences: Set<String> = [
    "the answer's head is larger than N bytes", "the answer's body is larger than N bytes",
    "the answer's trailers are larger than N bytes",
    "the connection closed before an answer", "the connection closed in the middle of the answer",
    "invalid chunk size in the answer", "a chunk of the answer is longer than its size",
    "the answer has no status line", "the answer has a folded or empty header line",
    "the answer has a malformed header line", "the answer has a control character in a header value",
    "the server switched protocols (N)", "the answer is not HTTP/N.x", "the answer has a malformed status line",
    "the answer has an invalid Content-Length", "the answer's chunk size line is too long",
    "the answer's trailer is too long",
]
