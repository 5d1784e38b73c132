import Foundation
import ServiceHarness
import Testing

/// SECURITY.md, "Injection": text from providers and operators is data everywhere — in SQL (bound
/// parameters; `q` matches literally), in answers (JSON with `<` `>` `&` escaped, `nosniff`), in
/// errors (input is not echoed back; a request id is given instead).
@Suite struct InjectionTests {
    static let markup = #"<img src=x onerror=alert(1)><script>alert("x")</script>"#
    static let sql = #"x' OR '1'='1'; DROP TABLE events; --"#

    @Test func messageTextIsStoredAndServedAsData() async throws {
        try await TestService.with { running in
            let client = running.client
            for (n, text) in [Self.markup, Self.sql, "100% off_sale", "plain"].enumerated() {
                let answer = try await client.post("/hooks/botadmin/shop",
                                                   body: TestAccount.botadminBody(text: text, conversation: "c-\(n)", sender: "u-\(n)"))
                #expect(answer.status == 200)
            }
            // SQL in the filters matches nothing and breaks nothing.
            let bySQL = try await client.get("/api/events?conversation=\(Self.escaped(Self.sql))")
            #expect(bySQL.status == 200 && bySQL.json["total"]?.intValue == 0, "\(bySQL.text)")
            // `q` matches literally: the SQL text finds its own event only; % and _ are not wildcards.
            let q = try await client.get("/api/events?q=\(Self.escaped("' OR '1'='1"))")
            #expect(q.json["total"]?.intValue == 1, "\(q.text)")
            let percent = try await client.get("/api/events?q=\(Self.escaped("%"))")
            #expect(percent.json["total"]?.intValue == 1, "only the text with a literal % matches: \(percent.text)")
            let underscore = try await client.get("/api/events?q=\(Self.escaped("100_"))")
            #expect(underscore.json["total"]?.intValue == 0, "_ matched as a wildcard: \(underscore.text)")
            let percentInside = try await client.get("/api/events?q=\(Self.escaped("f%s"))")
            #expect(percentInside.json["total"]?.intValue == 0, "% matched as a wildcard: \(percentInside.text)")
            let all = try await client.get("/api/events")
            #expect(all.json["total"]?.intValue == 4, "the events table survived")

            // Markup comes back as JSON text, never as markup a browser would sniff.
            let markup = try await client.get("/api/events?q=\(Self.escaped("onerror"))")
            #expect(markup.json["total"]?.intValue == 1)
            #expect(!markup.text.contains("<script>") && !markup.text.contains("<img"), "\(markup.text)")
            #expect(markup.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(markup.headers["x-content-type-options"] == "nosniff")
            #expect(markup.items.first?["text"]?.stringValue == Self.markup, "the text survives whole: \(markup.text)")
        }
    }

    /// A NUL in a filter value cannot be matched literally (SQLite's LIKE stops at it, PostgreSQL
    /// text cannot hold it): it is refused with 400, never cut short into a wider search.
    @Test func nulInAFilterValueIs400NotATruncatedMatch() async throws {
        try await TestService.with { running in
            let client = running.client
            let stored = try await client.post("/hooks/botadmin/shop", body: TestAccount.botadminBody(text: "x marks"))
            #expect(stored.status == 200)
            let paths = [
                "/api/events?q=%00x", "/api/events?q=x%00", "/api/events?conversation=conv-1%00",
                "/api/events?account=shop%00", "/api/messages?account=shop%00", "/api/messages?conversation=c%00",
                "/api/forwards?subscription=s%00", "/api/forwards?event_id=e%00", "/api/forwards?message_id=m%00",
                "/api/stats?account=shop%00",
            ]
            for path in paths {
                let answer = try await client.get(path)
                #expect(answer.status == 400, "\(path): \(answer.status) \(answer.text)")
                #expect(answer.json["error"]?.stringValue?.contains("NUL") == true, "\(path): \(answer.text)")
            }
            // The same values without the NUL are ordinary filters.
            #expect(try await client.get("/api/events?q=x").json["total"]?.intValue == 1)
        }
    }

    @Test func errorsDoNotEchoWhatWasSent() async throws {
        try await TestService.with { running in
            let client = running.client
            let send = #"{"targets":[{"provider":"botadmin","account":"\#(Self.markup.replacingOccurrences(of: "\"", with: "\\\""))","conversation":"c"}],"messages":[{"type":"text","text":"t"}]}"#
            let answers = [
                try await client.post("/api/send", body: send),
                try await client.get("/api/messages/\(Self.escaped(Self.markup))"),
                try await client.get("/api/events?since=\(Self.escaped(Self.markup))"),
                try await client.post("/hooks/botadmin/\(Self.escaped("<b>x</b>"))", body: "{}"),
                try await client.post("/hooks/botadmin/shop", body: #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":{"<b>":1}}"#),
            ]
            for answer in answers {
                #expect((400..<500).contains(answer.status), "\(answer.status) \(answer.text)")
                #expect(answer.json["ok"]?.boolValue == false)
                #expect(!answer.text.contains("<script") && !answer.text.contains("<img") && !answer.text.contains("<b>"),
                        "an error echoed the input: \(answer.text)")
                #expect(answer.headers["x-request-id"]?.isEmpty == false)
            }
        }
    }

    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
