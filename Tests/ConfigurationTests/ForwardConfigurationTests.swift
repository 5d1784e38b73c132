import Configuration
import Core
import Testing

/// `forward`: subscriptions, validated like every other key — FILE:LINE, the key named, and the
/// secret never echoed.
@Suite struct ForwardConfigurationTests {
    static let secret = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="
    /// The same 32 bytes without padding.
    static let unpadded = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY"

    static func load(_ file: String) throws -> Configuration {
        try makeLoader(files: ["wxhook.json": file]).load(ConfigurationOverrides(), for: .serve)
    }

    @Test func subscriptionsAreReadWithTheirDefaults() throws {
        let configuration = try Self.load("""
            { "forward": [
              { "name": "crm", "url": "https://crm.example.com/hooks/wxhook", "secret": "\(Self.secret)",
                "events": ["event.message", "message.failed"], "providers": ["botadmin"], "accounts": ["shop"],
                "chats": ["private"], "timeout_ms": 2000, "max_attempts": 3, "retry_base_ms": 500 },
              { "name": "llm", "url": "http://127.0.0.1:7000/reply", "secret": "\(Self.unpadded)", "events": [] },
              { "name": "all", "url": "http://127.0.0.1:7001", "secret": "\(Self.secret)" }
            ] }
            """)
        let subscriptions = configuration.subscriptions
        #expect(subscriptions.map(\.name) == ["crm", "llm", "all"])
        let crm = subscriptions[0]
        #expect(crm.url == "https://crm.example.com/hooks/wxhook")
        #expect(crm.filter == ForwardFilter(events: [.eventMessage, .messageFailed], providers: [.botadmin],
                                            accounts: ["shop"], chats: [.private]))
        #expect(crm.timeoutMs == 2000 && crm.maxAttempts == 3 && crm.retryBaseMs == 500)
        #expect(subscriptions[1].filter.events == [])
        #expect(subscriptions[2].filter == ForwardFilter())
        #expect(subscriptions[2].timeoutMs == 5000 && subscriptions[2].maxAttempts == 8 && subscriptions[2].retryBaseMs == 1000)
        #expect(subscriptions[1].secret.description == "whsec_<redacted>")
        #expect(configuration.secrets.contains(Self.secret) && configuration.secrets.contains(Self.unpadded))
    }

    @Test func everyProblemIsALineAndNoSecretIsEchoed() {
        let badSecret = "whsec_c2hvcnQ="
        let file = """
            { "forward": [
              { "name": "crm", "url": "https://a.example", "secret": "\(Self.secret)" },
              { "name": "crm", "url": "https://b.example", "secret": "\(Self.secret)" },
              { "name": "no such", "url": "ftp://x", "secret": "\(badSecret)" },
              { "url": "http://x", "secret": "not-a-secret-value-42" },
              { "name": "f", "url": "http://x", "secret": "\(Self.secret)", "events": ["event.nope"],
                "providers": ["icq"], "chats": ["room"], "timeout_ms": 0, "colour": "red" },
              { "name": "g", "url": "http://x" }
            ] }
            """
        let problems = fileProblems(file)
        #expect(problems == [
            #"wxhook.json:3: forward[1].name: "crm" is already the name of forward[0]"#,
            #"wxhook.json:4: forward[2].name: "no such" is not a valid subscription name ([A-Za-z0-9_-]{1,64})"#,
            #"wxhook.json:4: forward[2].url: must be an http:// or https:// URL, got "ftp://x""#,
            "wxhook.json:4: forward[2].secret: the part after \"whsec_\" decodes to 5 bytes; a webhook secret holds 24 to 64",
            "wxhook.json:5: forward[3].name: required",
            #"wxhook.json:5: forward[3].secret: a webhook secret is "whsec_" followed by base64"#,
            "wxhook.json:6: forward[4].events[0]: \"event.nope\" is not an event type (event.message, event.self_message, "
                + "event.receipt, event.send_failure, event.unknown, message.delivered, message.sent, message.failed, "
                + "message.expired, message.cancelled)",
            "wxhook.json:7: forward[4].colour: unknown key (known: name, url, secret, events, providers, accounts, chats, "
                + "timeout_ms, max_attempts, retry_base_ms)",
            #"wxhook.json:7: forward[4].providers[0]: "icq" is not a provider (botadmin, yunzhenji, gowechat or wecom)"#,
            #"wxhook.json:7: forward[4].chats[0]: "room" is not a chat kind (private or group)"#,
            "wxhook.json:7: forward[4].timeout_ms: must be a positive integer, got 0",
            "wxhook.json:8: forward[5].secret: required (whsec_ followed by the base64 of 24 to 64 random bytes)",
        ])
        for line in problems {
            #expect(!line.contains("BwgJCgsM") && !line.contains("c2hvcnQ") && !line.contains("not-a-secret-value-42"))
        }
    }
}
