import Testing
@testable import Core

@Suite struct WebhookSignatureTests {
    /// The reference example of the Standard Webhooks specification and its libraries.
    static let secret = try! WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp: Int64 = 1_614_265_330
    static let body = Array(#"{"test": 2432232314}"#.utf8)
    static let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    let signature = WebhookSignature(secret: Self.secret)

    @Test func signsTheReferenceExample() {
        #expect(signature.sign(id: Self.id, timestamp: Self.timestamp, body: Self.body) == Self.expected)
    }

    @Test func verifiesTheReferenceExample() throws {
        try signature.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body, signatureHeader: Self.expected,
                             now: Self.timestamp)
    }

    @Test func anyChangeToIdTimestampOrBodyIsRefused() {
        let changes: [(id: String, timestamp: Int64, body: [UInt8])] = [
            ("msg_p5jXN8AQM9LWM0D4loKWxJeK", Self.timestamp, Self.body),
            (Self.id, Self.timestamp + 1, Self.body),
            (Self.id, Self.timestamp, Array(#"{"test": 2432232315}"#.utf8)),
            (Self.id, Self.timestamp, Self.body + [0x0a]),
            (Self.id, Self.timestamp, []),
        ]
        for change in changes {
            #expect(throws: WebhookSignatureError.noMatchingSignature(offered: 1)) {
                try signature.verify(id: change.id, timestamp: change.timestamp, body: change.body,
                                     signatureHeader: Self.expected, now: Self.timestamp)
            }
        }
    }

    @Test func anotherSecretDoesNotVerify() throws {
        let other = WebhookSignature(secret: try WebhookSecret("whsec_" + Base64.encode([UInt8](repeating: 7, count: 32))))
        #expect(throws: WebhookSignatureError.noMatchingSignature(offered: 1)) {
            try other.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body, signatureHeader: Self.expected,
                             now: Self.timestamp)
        }
    }

    /// A sender rotating secrets lists one signature per secret; one match is enough, wherever it
    /// stands, and signatures of other versions are skipped.
    @Test func oneOfSeveralSignaturesIsEnough() throws {
        let wrong = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        for header in ["\(wrong) \(Self.expected)", "\(Self.expected) \(wrong)", "v2,abc \(Self.expected)",
                       "\(wrong)  \(Self.expected)"] {
            try signature.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body, signatureHeader: header,
                                 now: Self.timestamp)
        }
    }

    @Test func headersWithoutAMatchingV1SignatureAreRefused() {
        let digest = String(Self.expected.dropFirst(3))
        let cases: [(header: String, offered: Int)] = [
            ("", 0),
            (digest, 0),                                       // no version tag
            ("v2,\(digest)", 0),                               // another scheme
            ("v1a,\(digest)", 0),
            ("V1,\(digest)", 0),
            ("v1,\(digest.dropLast())", 1),                    // a prefix of the right one
            ("v1,\(digest)=", 1),
            ("v1,\(digest),v1,\(digest)", 1),
            ("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,", 2),
        ]
        for (header, offered) in cases {
            #expect(throws: WebhookSignatureError.noMatchingSignature(offered: offered), "\(header)") {
                try signature.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body, signatureHeader: header,
                                     now: Self.timestamp)
            }
        }
    }

    @Test func timestampsWithinToleranceAreAccepted() throws {
        for now in [Self.timestamp - 300, Self.timestamp + 300, Self.timestamp + 1] {
            try signature.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body, signatureHeader: Self.expected,
                                 now: now)
        }
        try signature.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body, signatureHeader: Self.expected,
                             tolerance: .seconds(3600), now: Self.timestamp + 3600)
    }

    /// A request too old could be a replay, one too new a forged clock: both are refused before
    /// the signature is even looked at.
    @Test func timestampsBeyondToleranceAreRefused() {
        let cases: [(now: Int64, tolerance: Duration)] = [
            (Self.timestamp + 301, .seconds(300)),
            (Self.timestamp - 301, .seconds(300)),
            (Self.timestamp + 61, .seconds(60)),
            (Self.timestamp + 1, .zero),
            (.max, .seconds(300)),
            (.min, .seconds(300)),
        ]
        for (now, tolerance) in cases {
            #expect(throws: WebhookSignatureError.timestampOutOfTolerance(timestamp: Self.timestamp, now: now,
                                                                          tolerance: tolerance)) {
                try signature.verify(id: Self.id, timestamp: Self.timestamp, body: Self.body,
                                     signatureHeader: Self.expected, tolerance: tolerance, now: now)
            }
        }
        let error = WebhookSignatureError.timestampOutOfTolerance(timestamp: Self.timestamp, now: Self.timestamp + 301,
                                                                  tolerance: .seconds(300))
        #expect("\(error)" == "webhook-timestamp 1614265330 is older than now (1614265631) by more than 300 s")
    }

    /// Bodies are bytes as sent: any byte, valid UTF-8 or not, is signed as it is.
    @Test func bodiesAreSignedAsBytes() throws {
        let body: [UInt8] = [0xff, 0x00, 0xfe, 0x0d, 0x0a] + Array("密钥".utf8)
        let header = signature.sign(id: Self.id, timestamp: Self.timestamp, body: body)
        try signature.verify(id: Self.id, timestamp: Self.timestamp, body: body, signatureHeader: header, now: Self.timestamp)
        #expect(header != signature.sign(id: Self.id, timestamp: Self.timestamp, body: body.dropLast()))
        #expect(header.hasPrefix("v1,"))
        #expect(header.count == 3 + 44)
    }
}
