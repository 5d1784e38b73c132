import HTTP
import JSON
import Providers
@testable import Simulator
import Testing

@Suite struct SimulatorFaultTests {
    @Test func failRateOneFollowsEveryEchoWithASendFailure() throws {
        let core = Sim.core(failRate: 1)
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        let sequence = try #require(reply.callbacks.first)
        #expect(sequence.map(\.event) == ["chatMsg", "chatMsgSendFail"])
        let failure = try Sim.json(sequence[1].body)
        #expect(failure["event"] == "chatMsgSendFail")
        #expect(failure["data"]?["errmsg"] == "simulated failure")
        #expect(failure["data"]?["api_send_id"] == "m1-1-0")
        #expect(try Sim.stats(core)["failures_injected"] == 1)
    }

    @Test func sameSeedSameChoicesAndDelays() throws {
        func run(seed: UInt64) throws -> [String] {
            let core = Sim.core(failRate: 0.5, duplicateRate: 0.3, seed: seed)
            var trace: [String] = []
            for _ in 0..<20 {
                let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a"), .text("b")]))
                for sequence in reply.callbacks {
                    trace.append(sequence.map { "\($0.event)+\($0.delayMs)" }.joined(separator: ","))
                }
            }
            return trace
        }
        let first = try run(seed: 7)
        #expect(first.count == 40)
        #expect(try run(seed: 7) == first)
        #expect(first.contains { $0.contains("chatMsgSendFail") })
        #expect(first.contains { !$0.contains("chatMsgSendFail") })
        #expect(try run(seed: 8) != first)
    }

    @Test func duplicateRateOneSendsEveryCallbackTwice() throws {
        let core = Sim.core(failRate: 1, duplicateRate: 1)
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        let sequence = try #require(reply.callbacks.first)
        #expect(sequence.map(\.event) == ["chatMsg", "chatMsg", "chatMsgSendFail", "chatMsgSendFail"])
        #expect(sequence[0].body == sequence[1].body)
    }

    @Test func http500NextFailsTheNextSendsOfAnyProvider() throws {
        let core = Sim.core()
        let faults = try Sim.json(Sim.post(core, "/sim/faults", #"{"http_500_next":2}"#).response)
        #expect(faults["http_500_next"] == 2)
        let text = #"{"msgtype":"text","text":{"content":"hi"}}"#
        let first = Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c1", text)
        let second = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        let third = Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c1", text)
        #expect(first.response.status.code == 500)
        #expect(second.response.status.code == 500)
        #expect(second.callbacks.isEmpty)
        #expect(third.response.status == .ok)
        #expect(BotadminSend.classify(status: 500, body: first.response.body) == .retryable("HTTP 500: simulated server error"))
        let stats = try Sim.stats(core)
        #expect(stats["http_500_injected"] == 2)
        #expect(stats["failures_injected"] == 2)
    }

    @Test func errcodeNextRejectsInTheProvidersOwnFormat() throws {
        let core = Sim.core()
        Sim.post(core, "/sim/faults", #"{"errcode_next":3}"#)
        let yzj = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        #expect(YunzhenjiSend.classify(status: 200, body: yzj.response.body, itemCount: 1) == .rejected("errcode 40100: simulated rejection"))
        let go = Sim.post(core, "/send_message",
                          #"{"action":"send_message","echo":"e","params":{"detail_type":"group","send_id":"g@chatroom","msg_type":2,"message":"u"}}"#,
                          headers: ["Authorization": "Bearer go-token"])
        #expect(GowechatSend.classify(status: 200, body: go.response.body) == .rejected("retcode 100: simulated rejection"))
        let wecom = Sim.post(core, "/cgi-bin/webhook/send?key=wecom-key", #"{"msgtype":"text","text":{"content":"x"}}"#)
        #expect(WecomSend.classify(status: 200, body: wecom.response.body) == .rejected("errcode 45009: simulated rejection"))
        let after = Sim.post(core, "/cgi-bin/webhook/send?key=wecom-key", #"{"msgtype":"text","text":{"content":"x"}}"#)
        #expect(try Sim.json(after.response)["errcode"] == 0)
        #expect(try Sim.stats(core)["errcode_injected"] == 3)
    }

    @Test func dropCallbacksNextLeavesAMessageWithoutReceipts() throws {
        let core = Sim.core()
        Sim.post(core, "/sim/faults", #"{"drop_callbacks_next":1}"#)
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a"), .text("b")]))
        #expect(reply.callbacks.count == 1)
        #expect(try Sim.json(reply.callbacks[0][0].body)["data"]?["api_send_id"] == "m1-1-1")
        #expect(try Sim.stats(core)["dropped_callbacks"] == 1)
    }

    @Test func faultSettingsAreCheckedAndReported() throws {
        let core = Sim.core()
        let set = try Sim.json(Sim.post(core, "/sim/faults", #"{"fail_rate":0.25,"callback_delay_ms":[0,5]}"#).response)
        #expect(set["fail_rate"] == 0.25)
        #expect(set["callback_delay_ms"] == [0, 5])
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        #expect((0...5).contains(reply.callbacks[0][0].delayMs))
        #expect(Sim.post(core, "/sim/faults", #"{"fail_rate":2}"#).response.status == .badRequest)
        #expect(Sim.post(core, "/sim/faults", #"{"explode":true}"#).response.status == .badRequest)
        #expect(Sim.post(core, "/sim/faults", #"{"callback_delay_ms":[5,1]}"#).response.status == .badRequest)
    }
}
