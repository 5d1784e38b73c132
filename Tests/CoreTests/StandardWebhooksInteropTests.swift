import Foundation
import Testing
import TestSupport
@testable import Core

/// Our signatures against the reference Python library `standardwebhooks`: it verifies what we
/// sign and we verify what it signs, for random ids, timestamps, bodies and secrets. Skipped when
/// python3 cannot import it, unless WXHOOK_TEST_STANDARDWEBHOOKS_REQUIRED=1 (CI) makes that a failure.
@Suite struct StandardWebhooksInteropTests {
    static let isAvailable: Bool = {
        (try? ChildProcess(executable: "/usr/bin/env", arguments: ["python3", "-c", "import standardwebhooks"])
            .waitForExit()) == 0
    }()
    static let isRequired = ProcessInfo.processInfo.environment["WXHOOK_TEST_STANDARDWEBHOOKS_REQUIRED"] == "1"

    /// Per input line (tab-separated: secret, id, timestamp, body in hex, our signature): the
    /// library must accept our signature, must refuse it for a changed body, and prints its own.
    /// Its `verify` checks the timestamp against its own clock (5 minutes either way).
    static let script = #"""
        import sys
        from datetime import datetime, timezone
        from standardwebhooks.webhooks import Webhook, WebhookVerificationError
        for line in open(sys.argv[1]):
            secret, msg_id, timestamp, body_hex, ours = line.rstrip("\n").split("\t")
            body = bytes.fromhex(body_hex)
            hook = Webhook(secret)
            headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": ours}
            hook.verify(body, headers, json_parse=False)
            try:
                hook.verify(body + b"!", headers, json_parse=False)
                sys.exit("a changed body verified: " + msg_id)
            except WebhookVerificationError:
                pass
            print(hook.sign(msg_id, datetime.fromtimestamp(int(timestamp), tz=timezone.utc), body))
        """#

    struct Sample {
        var secret: String
        var id: String
        var timestamp: Int64
        var body: [UInt8]
    }

    @Test(.enabled(if: isAvailable || isRequired, "python3 cannot import standardwebhooks"))
    func theReferenceLibraryAgreesBothWays() async throws {
        try #require(Self.isAvailable, "WXHOOK_TEST_STANDARDWEBHOOKS_REQUIRED=1 but python3 cannot import standardwebhooks")
        let now = Int64(Date().timeIntervalSince1970)
        let samples = (0..<50).map { _ in Self.randomSample(now: now) }
        let ours = try samples.map { sample in
            WebhookSignature(secret: try WebhookSecret(sample.secret))
                .sign(id: sample.id, timestamp: sample.timestamp, body: sample.body)
        }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("standardwebhooks-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = zip(samples, ours).map { sample, signature in
            [sample.secret, sample.id, String(sample.timestamp), Hex.encode(sample.body), signature].joined(separator: "\t")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)

        let run = try await offPool {
            try ChildProcess.run(executable: "/usr/bin/env", arguments: ["python3", "-c", Self.script, file.path])
        }
        try #require(run.status == 0, "python: \(String(decoding: run.stderr, as: UTF8.self))")
        let theirs = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").map { String($0) }
        try #require(theirs.count == samples.count)

        for (index, sample) in samples.enumerated() {
            let signature = WebhookSignature(secret: try WebhookSecret(sample.secret))
            #expect(theirs[index] == ours[index], "\(sample.id)")
            #expect(throws: Never.self, "\(sample.id)") {
                try signature.verify(id: sample.id, timestamp: sample.timestamp, body: sample.body,
                                     signatureHeader: theirs[index], now: now)
            }
        }
    }

    /// Secrets of every allowed length, padded or not; ids of the characters ids use; timestamps
    /// within the library's 5 minutes; bodies of any bytes, empty included.
    static func randomSample(now: Int64) -> Sample {
        let key = (0..<Int.random(in: WebhookSecret.keyLengths)).map { _ in UInt8.random(in: .min ... .max) }
        var encoded = Base64.encode(key)
        if Bool.random() { encoded = String(encoded.prefix { $0 != "=" }) }
        let idCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        let id = "msg_" + String((0..<Int.random(in: 1...40)).map { _ in idCharacters.randomElement()! })
        let body: [UInt8] = switch Int.random(in: 0..<4) {
        case 0: []
        case 1: Array(#"{"type":"event.message","data":{"text":"您好 \#(Int.random(in: 0...1_000_000))"}}"#.utf8)
        default: (0..<Int.random(in: 1...3000)).map { _ in UInt8.random(in: .min ... .max) }
        }
        return Sample(secret: "whsec_" + encoded, id: id, timestamp: now + Int64.random(in: -240...240), body: body)
    }
}
