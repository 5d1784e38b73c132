import FuzzSupport
import JSON

/// The properties of `fuzz-json`: `JSON.parse` on the bytes. A parsed value must survive
/// serialize → parse unchanged in each writing style; `parseLocated` must agree with `parse` (the
/// same value, or the same error); text input must agree with byte input; an error must point
/// where it says.
public func checkProperties(of input: UnsafeRawBufferPointer) {
    let bytes = input.assumingMemoryBound(to: UInt8.self)
    let parsed = Result { () throws(JSONError) in try JSON.parse(bytes) }
    let located = Result { () throws(JSONError) in try JSON.parseLocated(bytes) }

    switch (parsed, located) {
    case (.success(let value), .success(let node)):
        check(Identity.same(node.value, value), "parseLocated gave \(node.value), parse \(value)")
        var previous = (line: 0, column: 0)
        Locations.checkIncreasing(node, after: &previous)
        checkRoundTrips(value)
    case (.failure(let error), .failure(let locatedError)):
        check(error == locatedError, "parse failed with \(error), parseLocated with \(locatedError)")
        Locations.checkError(error, in: bytes)
    case (.success(let value), .failure(let error)):
        check(false, "parse gave \(value) but parseLocated failed: \(error)")
    case (.failure(let error), .success(let node)):
        check(false, "parseLocated gave \(node.value) but parse failed: \(error)")
    }

    // A String holds only valid UTF-8: for such input the String entry point must agree.
    if let text = String(validating: bytes, as: UTF8.self) {
        let fromText = Result { () throws(JSONError) in try JSON.parse(text) }
        switch (parsed, fromText) {
        case (.success(let value), .success(let other)):
            check(Identity.same(value, other), "parse(String) gave \(other), parse(bytes) \(value)")
        case (.failure(let error), .failure(let other)):
            check(error == other, "parse(String) failed with \(other), parse(bytes) with \(error)")
        default:
            check(false, "parse(String) and parse(bytes) disagree: \(fromText) vs \(parsed)")
        }
    }
}

/// Every writing style must read back as the very same value, and write it again identically.
private func checkRoundTrips(_ value: JSONValue) {
    for (pretty, htmlSafe) in [(false, false), (true, false), (false, true)] {
        let text = JSON.serialize(value, pretty: pretty, htmlSafe: htmlSafe)
        do throws(JSONError) {
            let again = try JSON.parse(text)
            check(Identity.same(again, value), "serialized as \(String(decoding: text, as: UTF8.self)), read back \(again)")
            check(again == value && again.hashValue == value.hashValue, "== or hash disagree after a round trip of \(value)")
            let rewritten = JSON.serialize(again, pretty: pretty, htmlSafe: htmlSafe)
            check(rewritten == text, "writing \(value) twice gave different text")
        } catch {
            check(false, "serialize (pretty \(pretty), htmlSafe \(htmlSafe)) wrote unparseable text: \(error) in \(String(decoding: text, as: UTF8.self))")
        }
    }
}
