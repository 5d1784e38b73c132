import Core
import HTTP
import JSON
import Providers
@testable import Simulator
import Testing

/// `answer_delay_ms` (the send's answer held back while its callbacks go out), the
/// `callbacks_scheduled` / `callbacks_pending` counters tests wait on, and `GET /sim/callbacks`.
@Suite struct SimulatorAnswerDelayTests {
    @Test func answerDelayIsSetByFaultsAndAppliesToSendsOnly() throws {
        let core = Sim.core()
        let faults = try Sim.json(Sim.post(core, "/sim/faults", #"{"answer_delay_ms":750}"#).response)
        #expect(faults["answer_delay_ms"] == 750)
        let send = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        #expect(send.answerDelayMs == 750)
        #expect(send.callbacks.count == 1)
        let botadmin = Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c1",
                                #"{"msgtype":"text","text":{"content":"hi"}}"#)
        #expect(botadmin.answerDelayMs == 750)
        #expect(Sim.get(core, "/sim/stats").answerDelayMs == 0)
        #expect(Sim.get(core, "/api/users?secret=shop-secret").answerDelayMs == 0)
        Sim.post(core, "/sim/faults", #"{"answer_delay_ms":0}"#)
        #expect(Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")])).answerDelayMs == 0)
    }

    @Test func answerDelayOutOfRangeIsRefusedByName() throws {
        let core = Sim.core()
        for body in [#"{"answer_delay_ms":-1}"#, #"{"answer_delay_ms":600001}"#, #"{"answer_delay_ms":"x"}"#] {
            let reply = Sim.post(core, "/sim/faults", body)
            #expect(reply.response.status == .badRequest)
            #expect(try Sim.json(reply.response)["error"]?.stringValue?.contains("answer_delay_ms") == true)
        }
        #expect(try Sim.json(Sim.post(core, "/sim/faults", "{}").response)["answer_delay_ms"] == 0)
    }

    @Test func scheduledCallbacksCountEveryPostUntilReported() throws {
        let core = Sim.core(failRate: 1, duplicateRate: 1)
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a"), .text("b")]))
        var stats = try Sim.stats(core)
        // Two items, each echo + failure, each twice.
        #expect(stats["callbacks_scheduled"] == 8)
        #expect(stats["callbacks_pending"] == 8)
        let posts = try #require(reply.callbacks.first)
        for (post, delivered) in zip(posts, [true, true, false]) { core.recordCallback(post, delivered: delivered) }
        stats = try Sim.stats(core)
        #expect(stats["callbacks_pending"] == 5)
        #expect(stats["callbacks_delivered"] == 2)
        #expect(stats["callbacks_failed"] == 1)
    }

    @Test func simCallbacksListsEachPostsEventIdAndFate() throws {
        let core = Sim.core(failRate: 1)
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        let posts = try #require(reply.callbacks.first)
        #expect(posts.map(\.apiSendID) == ["m1-1-0", "m1-1-0"])
        core.recordCallback(posts[0], delivered: true)
        core.recordCallback(posts[1], delivered: false)
        let listed = try Sim.json(Sim.get(core, "/sim/callbacks").response)
        let items = try #require(listed["items"]?.arrayValue)
        #expect(items.count == 2)
        #expect(items[0]["event"] == "chatMsg")
        #expect(items[0]["api_send_id"] == "m1-1-0")
        #expect(items[0]["delivered"] == true)
        #expect(items[1]["event"] == "chatMsgSendFail")
        #expect(items[1]["delivered"] == false)
        #expect(Sim.post(core, "/sim/callbacks").response.status == .methodNotAllowed)
    }

    @Test func droppedCallbacksAreNotScheduled() throws {
        let core = Sim.core()
        Sim.post(core, "/sim/faults", #"{"drop_callbacks_next":1}"#)
        Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        #expect(try Sim.stats(core)["callbacks_scheduled"] == 0)
    }

    @Test func omitApiSendIDLeavesOnlyTheServerIDInTheCallbacks() throws {
        let core = Sim.core(failRate: 1)
        let faults = try Sim.json(Sim.post(core, "/sim/faults", #"{"omit_api_send_id":true}"#).response)
        #expect(faults["omit_api_send_id"] == true)
        let reply = Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        let serverID = try Sim.json(reply.response)["data"]?[0]?["api_send_svrid"]?.stringValue
        let posts = try #require(reply.callbacks.first)
        #expect(posts.map(\.event) == ["chatMsg", "chatMsgSendFail"])
        for post in posts {
            let data = try Sim.json(post.body)["data"]
            #expect(data?["api_send_id"] == nil)
            #expect(data?["api_send_svrid"]?.stringValue == serverID)
            #expect(post.apiSendID == "m1-1-0", "/sim/callbacks still names the attempt")
        }
        #expect(Sim.post(core, "/sim/faults", #"{"omit_api_send_id":1}"#).response.status == .badRequest)
    }
}
