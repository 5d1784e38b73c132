import Testing
@testable import Core

@Suite struct Base64Tests {
    /// RFC 4648, section 10.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func rfc4648(plain: String, encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func paddingIsOptional() throws {
        #expect(try Base64.decode("Zg") == Array("f".utf8))
        #expect(try Base64.decode("Zm8") == Array("fo".utf8))
        #expect(try Base64.decode("Zm9vYmE") == Array("fooba".utf8))
    }

    @Test func everyByteValueRoundTrips() throws {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = Base64.encode(bytes)
        #expect(encoded.hasSuffix("+/w=="))   // 0xfe 0xff: the two symbols beyond letters and digits
        #expect(try Base64.decode(encoded) == bytes)
        for count in 0...7 { #expect(try Base64.decode(Base64.encode(bytes.prefix(count))) == Array(bytes.prefix(count))) }
    }

    @Test func malformedTextIsRefusedWithWhereNotWhat() {
        #expect(throws: Base64.DecodingError.invalidCharacter(offset: 2)) { try Base64.decode("Zm-v") }   // URL-safe alphabet
        #expect(throws: Base64.DecodingError.invalidCharacter(offset: 0)) { try Base64.decode(" Zm9v") }
        #expect(throws: Base64.DecodingError.invalidCharacter(offset: 2)) { try Base64.decode("Zg==Zg==") }
        #expect(throws: Base64.DecodingError.invalidLength(5)) { try Base64.decode("Zm9vY") }
        #expect(throws: Base64.DecodingError.invalidPadding) { try Base64.decode("Zg=") }
        #expect(throws: Base64.DecodingError.invalidPadding) { try Base64.decode("Zm9v=") }
        #expect(throws: Base64.DecodingError.invalidPadding) { try Base64.decode("Zm9v===") }
        #expect("\(Base64.DecodingError.invalidCharacter(offset: 2))" == "character 3 is not in the standard base64 alphabet")
    }
}
