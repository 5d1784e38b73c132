import Core
import HTTP
import JSON
import Providers
@testable import Simulator
import Testing

/// `answer_delay_ms` (the send's answer held back while its callbacks go out) and the
/// `callbacks_scheduled` / `callbacks_pending` counters tests wait on.
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
        Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a"), .text("b")]))
        var stats = try Sim.stats(core)
        // Two items, each echo + failure, each twice.
        #expect(stats["callbacks_scheduled"] == 8)
        #expect(stats["callbacks_pending"] == 8)
        for delivered in [true, true, false] { core.recordCallback(delivered: delivered) }
        stats = try Sim.stats(core)
        #expect(stats["callbacks_pending"] == 5)
        #expect(stats["callbacks_delivered"] == 2)
        #expect(stats["callbacks_failed"] == 1)
    }

    @Test func droppedCallbacksAreNotScheduled() throws {
        let core = Sim.core()
        Sim.post(core, "/sim/faults", #"{"drop_callbacks_next":1}"#)
        Sim.post(core, "/wechat/sendMessage", try Sim.yunzhenjiBody([.text("a")]))
        #expect(try Sim.stats(core)["callbacks_scheduled"] == 0)
    }
}
