import Core
import JSON
@testable import Providers
import Testing

@Suite struct OutboundRedactionTests {
    @Test func requestDescriptionsHideEveryCredential() throws {
        let requests = [
            try OutboundFixture.botadmin.sendRequest(conversation: "c1", chat: .private, items: [OutboundFixture.item(.text("hi"))]),
            try OutboundFixture.yunzhenji.sendRequest(conversation: "7xxx", chat: .private, items: [OutboundFixture.item(.text("hi"))]),
            try OutboundFixture.gowechat.sendRequest(conversation: "w", chat: .private, items: [OutboundFixture.item(.text("hi"))]),
            try OutboundFixture.wecom.sendRequest(conversation: "c", chat: .group, items: [OutboundFixture.item(.text("hi"))]),
        ]
        let secrets = ["s3cr3t", "s3cr3t%2B", "tok-XYZ", "rikka-bot", "693a91f6"]
        for request in requests {
            let text = request.description
            for secret in secrets { #expect(!text.contains(secret), "\(text)") }
            #expect(String(reflecting: request) == text)
            #expect(text.contains("***"))
        }
        #expect(requests[0].description.contains("conversation_id=c1"))
        #expect(requests[1].description.contains(#""target_wxid":"7xxx""#))
        #expect(requests[2].description.contains("authorization=Bearer ***"))
    }

    @Test func accountDescriptionNamesCredentialsButNotTheirValues() {
        let text = "\(OutboundFixture.yunzhenji) \(OutboundFixture.botadmin) \(OutboundFixture.gowechat) \(OutboundFixture.wecom)"
        for secret in ["s3cr3t", "tok-XYZ", "cb-tok", "rikka-bot", "693a91f6"] {
            #expect(!text.contains(secret), "\(text)")
        }
        // The account's one description (the configuration prints the same): `app_id` is an
        // identifier, shown; every secret is named with its value redacted.
        #expect(OutboundFixture.yunzhenji.description == "yunzhenji/sales (base_url: https://oapi-yzj.example, app_id: app-1, "
            + "access_token: <redacted>, wxid: 16888, callback_token: <redacted>)")
    }

    @Test func nonJSONBodiesAreShownOnlyBySize() {
        let request = ProviderRequest(method: "POST", url: "http://h/x?token=abc&a=1", body: Array("token=abc".utf8))
        #expect(request.description == "POST http://h/x?token=***&a=1 <9 bytes>")
    }
}

@Suite struct OutboundEncodingTests {
    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.encode("a-b_c.d~e") == "a-b_c.d~e")
        #expect(PercentEncoding.encode("价 &=+/?#") == "%E4%BB%B7%20%26%3D%2B%2F%3F%23")
        #expect(PercentEncoding.decode("%E4%BB%B7+%26%zz") == "价 &%zz")
        #expect(PercentEncoding.decode(PercentEncoding.encode("wr/abc@chatroom=1")) == "wr/abc@chatroom=1")
    }

    @Test func transportResultsBecomeOutcomes() {
        #expect(Provider.wecom.outcome(of: .failure("timed out after 10 ms"), itemCount: 1) == .retryable("timed out after 10 ms"))
        #expect(Provider.yunzhenji.outcome(of: .answer(status: 200, body: Array(#"{"errcode":0,"data":[{"idx":0,"api_send_svrid":"x"}]}"#.utf8)),
                                           itemCount: 1) == .accepted([.accepted(providerID: "x")]))
        #expect(SendOutcome.transportFailure("connection refused") == .retryable("connection refused"))
    }
}
