import Testing
@testable import Core

@Suite struct WebhookSecretTests {
    static let example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func theKeyIsTheDecodedPartAfterThePrefix() throws {
        let secret = try WebhookSecret(Self.example)
        #expect(secret.key == (try Base64.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
        #expect(secret.key.count == 24)
    }

    @Test func paddingIsOptional() throws {
        let key = [UInt8](repeating: 0x5a, count: 32)   // 32 bytes: base64 ends in one "="
        let padded = "whsec_" + Base64.encode(key)
        #expect(padded.hasSuffix("="))
        #expect(try WebhookSecret(padded).key == key)
        #expect(try WebhookSecret(String(padded.dropLast())).key == key)
    }

    @Test func keysOf24To64BytesAreAccepted() throws {
        for count in [24, 25, 26, 32, 63, 64] {
            let key = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            #expect(try WebhookSecret("whsec_" + Base64.encode(key)).key == key)
        }
    }

    @Test func malformedSecretsSayWhatIsWrong() {
        #expect(throws: WebhookSecretError.missingPrefix) { try WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        #expect(throws: WebhookSecretError.missingPrefix) { try WebhookSecret("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        #expect(throws: WebhookSecretError.keyLength(0)) { try WebhookSecret("whsec_") }
        #expect(throws: WebhookSecretError.keyLength(23)) {
            try WebhookSecret("whsec_" + Base64.encode([UInt8](repeating: 1, count: 23)))
        }
        #expect(throws: WebhookSecretError.keyLength(65)) {
            try WebhookSecret("whsec_" + Base64.encode([UInt8](repeating: 1, count: 65)))
        }
        #expect(throws: WebhookSecretError.notBase64(.invalidCharacter(offset: 4))) {
            try WebhookSecret("whsec_MfKQ_r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        }
        #expect(throws: WebhookSecretError.notBase64(.invalidCharacter(offset: 32))) {
            try WebhookSecret(Self.example + " ")
        }
    }

    /// The message names the problem and the prefix, never any of the text after it.
    @Test func errorsDoNotEchoTheSecret() {
        let attempts = ["whsec_MfKQ_r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZ",
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwX", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
        for attempt in attempts {
            do {
                _ = try WebhookSecret(attempt)
                Issue.record("accepted \(attempt)")
            } catch {
                let message = "\(error)"
                #expect(!message.contains("MfKQ"), "\(message)")
                #expect(!message.isEmpty)
            }
        }
        #expect("\(WebhookSecretError.keyLength(23))"
                == "the part after \"whsec_\" decodes to 23 bytes; a webhook secret holds 24 to 64")
        #expect("\(WebhookSecretError.notBase64(.invalidCharacter(offset: 4)))"
                == "the part after \"whsec_\" is not base64: character 5 is not in the standard base64 alphabet")
    }

    @Test func printingNeverShowsTheKey() throws {
        let secret = try WebhookSecret(Self.example)
        var dumped = ""
        dump(secret, to: &dumped)
        let keyBytes = secret.key.map(String.init).joined(separator: ", ")
        for text in [String(describing: secret), String(reflecting: secret), "\(secret)", dumped,
                     String(describing: WebhookSignature(secret: secret))] {
            #expect(!text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "\(text)")
            #expect(!text.contains(keyBytes), "\(text)")
        }
        #expect("\(secret)" == "whsec_<redacted>")
    }
}
