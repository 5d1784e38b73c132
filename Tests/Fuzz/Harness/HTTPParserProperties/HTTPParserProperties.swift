import FuzzSupport
import HTTP

/// The properties of `fuzz-http-parser`: the input is what a client sent on one connection. It is
/// parsed in one piece, split at one point and fed in small pieces, under the default limits and
/// under tight ones derived from the input; every way must give the same requests and the same
/// error, every error must carry a status the server can answer with, and no request may exceed
/// the limits.
public func checkProperties(of bytes: UnsafeRawBufferPointer) {
    let size = bytes.count
    let hash = fingerprint(bytes)
    for limits in [HTTPLimits(), tightLimits(hash)] {
        let whole = Transcript(bytes, cuts: [], limits: limits)
        let point = Int(hash % UInt64(size + 1))
        let split = Transcript(bytes, cuts: [point], limits: limits)
        check(split == whole, "split at \(point) gave \(split), in one piece \(whole)")
        // Small pieces cost a feed and a parse attempt each: only for inputs of ordinary size.
        if size <= 1024 {
            let step = 1 + Int((hash >> 40) % 32)
            let pieces = Transcript(bytes, cuts: Array(stride(from: step, to: size, by: step)), limits: limits)
            check(pieces == whole, "pieces of \(step) gave \(pieces), in one piece \(whole)")
        }
    }
}

/// Limits small enough that the fuzzer reaches each of them, different for different inputs.
private func tightLimits(_ hash: UInt64) -> HTTPLimits {
    HTTPLimits(maxRequestLineBytes: 16 + Int((hash >> 8) % 64),
               maxHeaderBytes: 32 + Int((hash >> 16) % 256),
               maxHeaderCount: 1 + Int((hash >> 24) % 8),
               maxBodyBytes: Int((hash >> 32) % 256))
}
