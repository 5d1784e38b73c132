import Core
import Testing

/// A `Secret` prints as `<redacted>` however it is printed, and compares only with itself.
@Suite struct SecretTests {
    static let value = "admin-token-1234abcd"

    @Test func aSecretPrintsRedacted() {
        let secret = Secret(SecretTests.value)
        #expect(secret.description == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains(SecretTests.value))
        #expect(secret.revealed == SecretTests.value)
    }

    @Test func aSecretMatchesOnlyItself() {
        let secret = Secret(SecretTests.value)
        #expect(secret.matches(SecretTests.value))
        #expect(!secret.matches(SecretTests.value + "x"))
        #expect(!secret.matches(String(SecretTests.value.dropLast())))
        #expect(!secret.matches(""))
    }
}
