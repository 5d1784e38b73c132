import Testing
import JSON

/// The string scanner skips plain text several bytes at a time; every special byte must still be
/// seen wherever it falls in a word.
struct StringScanTests {
    static let plain = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX".utf8)

    func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONError> {
        Result { () throws(JSONError) in try JSON.parse(bytes) }
    }

    @Test func specialBytesAreFoundAtEveryOffset() throws {
        for offset in 0..<40 {
            let head = Array(Self.plain[..<offset])
            let tail = Array(Self.plain[offset...])
            let text = String(decoding: head, as: UTF8.self)
            let rest = String(decoding: tail, as: UTF8.self)

            // A quote ends the string there (what follows is trailing content).
            #expect(try parse([0x22] + head + [0x22]).get() == .string(text))
            #expect(throws: JSONError.self) { try parse([0x22] + head + [0x22] + tail + [0x22]).get() }
            // An escape is decoded there.
            #expect(try parse([0x22] + head + Array(#"\n"#.utf8) + tail + [0x22]).get() == .string(text + "\n" + rest))
            #expect(try parse([0x22] + head + Array(#"\u00e9"#.utf8) + tail + [0x22]).get() == .string(text + "é" + rest))
            // A control character is refused there, and named at its column.
            for byte: UInt8 in [0x00, 0x01, 0x1F] {
                let control = try #require(parse([0x22] + head + [byte] + tail + [0x22]).failure)
                #expect(control.column == offset + 2)
                #expect(control.message.hasPrefix("control character"))
            }
            // Non-ASCII is validated there.
            #expect(try parse([0x22] + head + Array("你😀".utf8) + tail + [0x22]).get() == .string(text + "你😀" + rest))
            let invalid = try #require(parse([0x22] + head + [0xC3, 0x41] + tail + [0x22]).failure)
            #expect(invalid.message == "invalid UTF-8 at byte offset \(offset + 1)")
            // The boundary bytes around the special ranges are plain text.
            #expect(try parse([0x22] + head + [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F] + tail + [0x22]).get()
                == .string(text + " !#[]\u{7F}" + rest))
        }
    }

    @Test func unterminatedLongStringsAreCaughtAtTheEnd() {
        for count in 0..<20 {
            let bytes = [0x22] + Array(Self.plain[..<count])
            #expect(parse(bytes).failure?.message.hasPrefix("unterminated string") == true)
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
