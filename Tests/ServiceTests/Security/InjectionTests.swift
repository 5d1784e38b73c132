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
