import Testing
@testable import Core

/// Every HMAC-SHA-256 test case of RFC 4231 (section 4), keys and data written as the RFC gives them.
@Suite struct HMACTests {
    @Test(arguments: [
        // 1: a 20-byte key.
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        // 2: a key shorter than the output.
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        // 3: key and data of non-text bytes.
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        // 4: the key 0x01…0x19.
        (Array(UInt8(0x01)...UInt8(0x19)), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // 6: a 131-byte key, longer than the block: hashed first.
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        // 7: the 131-byte key with data longer than the block too.
        ([UInt8](repeating: 0xaa, count: 131),
         Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(key: [UInt8], data: [UInt8], expected: String) {
        #expect(Hex.encode(HMAC.sha256(key: key, message: data)) == expected)
    }

    /// Case 5 publishes only the output truncated to 128 bits.
    @Test func rfc4231TruncatedOutput() {
        let code = HMAC.sha256(key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(code.count == 32)
        #expect(Hex.encode(code.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    /// A 64-byte key is used as it is, a 65-byte one is hashed: the two sides of the block-size
    /// boundary give different codes, and a key padded with zeros up to the block is the same key.
    @Test func keysAroundTheBlockSize() {
        let message = Array("boundary".utf8)
        let block = HMAC.sha256(key: [UInt8](repeating: 0x42, count: 64), message: message)
        let longer = HMAC.sha256(key: [UInt8](repeating: 0x42, count: 65), message: message)
        #expect(block != longer)
        #expect(HMAC.sha256(key: [0x42], message: message)
                == HMAC.sha256(key: [0x42] + [UInt8](repeating: 0, count: 63), message: message))
    }
}
