import Core
import HTTP
import JSON
import Providers
@testable import Simulator
import Testing

@Suite struct SimulatedYunzhenjiTests {
    @Test func acceptsTheRealAdapterAndSchedulesOneEchoPerMessage() throws {
        let core = Sim.core()
        let body = try Sim.yunzhenjiBody([.text("您好"), .image(url: "https://x/a.png")])
        let reply = Sim.post(core, "/wechat/sendMessage", body)
        let answer = try Sim.json(reply.response)
        #expect(answer["errcode"] == 0)
        #expect(answer["data"]?[0]?["idx"] == 0)
        #expect(answer["data"]?[0]?["api_send_id"] == "m1-1-0")
        #expect(answer["data"]?[1]?["api_send_id"] == "m1-1-1")
        let serverIDs = [answer["data"]?[0]?["api_send_svrid"]?.stringValue, answer["data"]?[1]?["api_send_svrid"]?.stringValue]
        #expect(YunzhenjiSend.classify(status: 200, body: reply.response.body, itemCount: 2) ==
            .accepted(serverIDs.map { .accepted(providerID: $0) }))

        #expect(reply.callbacks.count == 2)
        let echo = try #require(reply.callbacks.first?.first)
        #expect(echo.url == "http://wxhook.test/hooks/yunzhenji/sales?token=cb-token")
        #expect(echo.event == "chatMsg")
        #expect((20...200).contains(echo.delayMs))
        let payload = try Sim.json(echo.body)
        #expect(payload["event"] == "chatMsg")
        #expect(payload["app_id"] == "app-1")
        #expect(payload["wxid"] == "16888")
        let data = try #require(payload["data"])
        #expect(data["api_send_id"] == "m1-1-0")
        #expect(data["api_send_svrid"]?.stringValue == serverIDs[0])
        #expect(data["conversation_id"] == "7xxx")
        #expect(data["sender_wxid"] == "16888")
        #expect(data["is_self"] == true)
        #expect(data["is_group"] == false)
        #expect(data["msg_type"] == "text")
        #expect(data["content"] == (try Sim.json(#"{"items":[{"type":"text","text":"您好"}]}"#)))
        #expect(data["timestamp"] == 1_763_700_000)
        let secondID = try Sim.json(reply.callbacks[1][0].body)["data"]?["msg_id"]
        #expect(data["msg_id"] != nil && data["msg_id"] != secondID)
        #expect(try Sim.stats(core)["echoes"] == 2)
    }

    @Test func aMessageThatFailsItsCheckIsLeftOutOfData() throws {
        let core = Sim.core()
        let body = """
            {"app_id":"app-1","access_token":"yzj-token","wxid":"16888","target_wxid":"7xxx","messages":[
              {"msg_type":"text","content":{"items":[{"type":"text","text":"a"}]},"api_send_id":"x0"},
              {"msg_type":"hologram","content":{},"api_send_id":"x1"},
              {"msg_type":"voice","content":{"url":"v.mp3","duration":61},"api_send_id":"x2"},
              {"msg_type":"picture","content":{"url":"https://x/p.png"},"api_send_id":"x3"}
            ]}
            """
        let reply = Sim.post(core, "/wechat/sendMessage", body)
        let answer = try Sim.json(reply.response)
        #expect(answer["data"]?.arrayValue?.compactMap { $0["idx"]?.intValue } == [0, 3])
        #expect(answer["sim_refused"]?[0]?["idx"] == 1)
        #expect(answer["sim_refused"]?[1]?["reason"] == "content.duration must be 1 to 60")
        #expect(reply.callbacks.count == 2)
        guard case .accepted(let results) = YunzhenjiSend.classify(status: 200, body: reply.response.body, itemCount: 4) else {
            Issue.record("expected an accepted answer")
            return
        }
        #expect(results[1] == .rejected("not accepted by the provider (idx 1 missing)"))
        #expect(results[2] == .rejected("not accepted by the provider (idx 2 missing)"))
    }

    @Test(arguments: [
        (#"{"app_id":"app-1","access_token":"wrong","wxid":"16888","target_wxid":"7","messages":[{"msg_type":"text","content":{"items":[{"type":"text","text":"a"}]}}]}"#,
         40014, "invalid access_token"),
        (#"{"app_id":"app-9","access_token":"yzj-token","wxid":"16888","target_wxid":"7","messages":[]}"#, 40001, "invalid app_id or wxid"),
        (#"{"app_id":"app-1","access_token":"yzj-token","wxid":"16888","messages":[]}"#, 40002, "target_wxid is required"),
        (#"{"app_id":"app-1","access_token":"yzj-token","wxid":"16888","target_wxid":"7","messages":[]}"#, 40002,
         "messages must be a non-empty array"),
        (#"{"access_token":"yzj-token","wxid":"16888"}"#, 40001, "app_id, access_token and wxid are required"),
        ("[1,2]", 40000, "body is not a JSON object"),
        (#"{"app_id":"app-1","access_token":"yzj-token","wxid":"16888","target_wxid":"7","messages":[{"msg_type":"text","content":{"items":[]}}]}"#,
         40003, "messages[0]: content.items must be a non-empty array"),
    ])
    func refusesWithErrcodeAndMessage(body: String, code: Int64, message: String) throws {
        let core = Sim.core()
        let reply = Sim.post(core, "/wechat/sendMessage", body)
        #expect(reply.response.status == .ok)
        #expect(try Sim.json(reply.response) == .object(JSONObject([("errcode", .int(code)), ("message", .string(message))])))
        #expect(reply.callbacks.isEmpty)
        #expect(YunzhenjiSend.classify(status: 200, body: reply.response.body, itemCount: 1) ==
            .rejected("errcode \(code): \(message)"))
    }

    @Test func sixMessagesAreRefused() throws {
        let messages = Array(repeating: #"{"msg_type":"text","content":{"items":[{"type":"text","text":"a"}]}}"#, count: 6)
        let body = #"{"app_id":"a","access_token":"t","wxid":"w","target_wxid":"7","messages":["# + messages.joined(separator: ",") + "]}"
        let answer = try Sim.json(Sim.post(Sim.core(accounts: []), "/wechat/sendMessage", body).response)
        #expect(answer["message"] == "at most 5 messages per request, got 6")
    }

    @Test func withoutConfiguredAccountsTheCallbackNamesTheAccountByWxid() throws {
        let core = Sim.core(accounts: [])
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")], target: "9@chatroom"))
        let echo = try #require(reply.callbacks.first?.first)
        #expect(echo.url == "http://wxhook.test/hooks/yunzhenji/16888")
        #expect(try Sim.json(echo.body)["data"]?["is_group"] == true)
    }

    @Test func noCallbackURLMeansNoCallbacks() throws {
        let reply = Sim.post(Sim.core(callback: nil), "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        #expect(try Sim.json(reply.response)["errcode"] == 0)
        #expect(reply.callbacks.isEmpty)
    }
}
