import HTTP
import JSON
import Providers
@testable import Simulator
import Testing

@Suite struct SimulatorLogTests {
    @Test func logListsProviderRequestsInOrderAndResetClearsIt() throws {
        let core = Sim.core()
        Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c1", #"{"msgtype":"text","text":{"content":"1"}}"#)
        Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("2")]))
        _ = Sim.get(core, "/sim/stats")
        Sim.post(core, "/nowhere", "x")
        _ = Sim.get(core, "/send_message")
        let log = try Sim.log(core)
        #expect(log.map { $0["seq"] } == [1, 2, 3, 4])
        #expect(log.map { $0["path"] } == ["/api/send", "/wechat/sendMessage", "/nowhere", "/send_message"])
        #expect(log.map { $0["provider"] } == ["botadmin", "yunzhenji", .null, "gowechat"])
        #expect(log.map { $0["answer_status"] } == [200, 200, 404, 405])
        #expect(log[1]["body"]?["access_token"] == "***")
        #expect(log[1]["body"]?["target_wxid"] == "7xxx")
        #expect(log[2]["body"] == "x")
        #expect(log[0]["time"] == 1_763_700_000.5)

        #expect(Sim.post(core, "/sim/reset").response.status == .ok)
        #expect(try Sim.log(core).isEmpty)
        #expect(try Sim.stats(core)["requests"] == 0)
        Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c1", #"{"msgtype":"text","text":{"content":"3"}}"#)
        #expect(try Sim.log(core).first?["seq"] == 1)
    }

    @Test func resetRestartsTheSeededChoices() throws {
        let core = Sim.core(failRate: 0.5)
        let body = try Sim.yunzhenjiBody([.text("a"), .text("b"), .text("c")])
        let before = Sim.post(core, "/wechat/sendMessage", body).callbacks.map { $0.map(\.delayMs) }
        Sim.post(core, "/sim/reset")
        let after = Sim.post(core, "/wechat/sendMessage", body).callbacks.map { $0.map(\.delayMs) }
        #expect(before == after)
    }

    @Test func theLogKeepsOnlyTheNewestEntries() throws {
        let core = SimulatorCore(configuration: SimulatorConfiguration(port: 0, logLimit: 8))
        for index in 0..<30 { Sim.post(core, "/nowhere/\(index)") }
        let log = try Sim.log(core)
        #expect(log.count >= 8 && log.count <= 9)
        #expect(log.last?["path"] == "/nowhere/29")
        #expect(log.last?["seq"] == 30)
    }
}

@Suite struct SimulatorInboundTests {
    @Test func botadminInboundIsTheWebhookBodyWithTheAccountsSecret() throws {
        let core = Sim.core()
        let reply = Sim.post(core, "/sim/inbound", #"{"provider":"botadmin","account":"shop","conversation":"c1","sender":"u1","text":"价格"}"#)
        let post = try #require(reply.inbound)
        #expect(post.url == "http://wxhook.test/hooks/botadmin/shop")
        #expect(try Sim.json(post.body) == Sim.json(
            #"{"secret":"shop-secret","msgtype":"text","conversation_id":"c1","sender":"u1","text":{"content":"价格"}}"#))
        #expect(reply.response.status == .accepted)
        #expect(!String(decoding: reply.response.body, as: UTF8.self).contains("shop-secret"))
    }

    @Test func yunzhenjiInboundIsAChatMsgFromTheCustomer() throws {
        let core = Sim.core()
        let reply = Sim.post(core, "/sim/inbound", """
            {"provider":"yunzhenji","account":"sales","conversation":"g1@chatroom","sender":"7xxx","text":"@小助手 价格多少","mentions":["16888"]}
            """)
        let post = try #require(reply.inbound)
        #expect(post.url == "http://wxhook.test/hooks/yunzhenji/sales?token=cb-token")
        let payload = try Sim.json(post.body)
        #expect(payload["event"] == "chatMsg")
        #expect(payload["app_id"] == "app-1")
        let data = try #require(payload["data"])
        #expect(data["conversation_id"] == "g1@chatroom")
        #expect(data["sender_wxid"] == "7xxx")
        #expect(data["is_self"] == false)
        #expect(data["is_group"] == true)
        #expect(data["at_list"] == ["16888"])
        #expect(data["api_send_id"] == nil)
        #expect(data["content"] == (try Sim.json(#"{"items":[{"type":"text","text":"@小助手 价格多少"}]}"#)))
        #expect(!String(decoding: reply.response.body, as: UTF8.self).contains("cb-token"))
    }

    @Test func refusesWhatCannotBeDelivered() {
        let core = Sim.core()
        #expect(Sim.post(core, "/sim/inbound", #"{"provider":"gowechat","account":"home","conversation":"c","text":"t"}"#).response.status == .badRequest)
        #expect(Sim.post(core, "/sim/inbound", #"{"provider":"botadmin","account":"nobody","conversation":"c","text":"t"}"#).response.status == .notFound)
        #expect(Sim.post(core, "/sim/inbound", #"{"provider":"botadmin","account":"shop","text":"t"}"#).response.status == .badRequest)
        let noCallback = Sim.core(callback: nil)
        #expect(Sim.post(noCallback, "/sim/inbound", #"{"provider":"botadmin","account":"shop","conversation":"c","text":"t"}"#).response.status == .conflict)
    }

    @Test func withoutConfiguredAccountsCredentialsComeFromTheBody() throws {
        let core = Sim.core(accounts: [])
        let reply = Sim.post(core, "/sim/inbound", #"{"provider":"botadmin","account":"shop","conversation":"c","text":"t","secret":"given"}"#)
        #expect(try Sim.json(try #require(reply.inbound).body)["secret"] == "given")
    }

    @Test func theAnswerReportsWhatTheServiceSaid() throws {
        let post = CallbackPost(url: "http://h/hooks/yunzhenji/sales?token=cb-token", body: Array(#"{"event":"chatMsg"}"#.utf8),
                                delayMs: 0, event: "chatMsg")
        let core = Sim.core()
        let delivered = core.inboundAnswer(for: post, result: .answer(status: 200, body: Array(#"{"ok":true,"event_id":"e_1"}"#.utf8)))
        #expect(delivered.status == .ok)
        let answer = try Sim.json(delivered)
        #expect(answer["ok"] == true)
        #expect(answer["status"] == 200)
        #expect(answer["answer"]?["event_id"] == "e_1")
        #expect(answer["url"] == "http://h/hooks/yunzhenji/sales?token=***")
        let refused = try Sim.json(core.inboundAnswer(for: post, result: .answer(status: 401, body: [])))
        #expect(refused["ok"] == false)
        let failed = core.inboundAnswer(for: post, result: .failure("connection refused"))
        #expect(failed.status.code == 502)
        #expect(try Sim.json(failed)["error"] == "could not deliver to http://h/hooks/yunzhenji/sales?token=***: connection refused")
    }
}
