import Core
import Delivery
import JSON
@testable import Service
import Storage
import Testing

/// An operator's replay: to the named subscription whatever its filters say, with the body the
/// event got when it was stored; nothing for a subscription that is not configured.
@Suite struct ForwardReplayTests {
    static let raw = Array(#"{"secret":"shop-secret","msgtype":"text","conversation_id":"c1"}"#.utf8)

    @Test func aReplayIgnoresTheFiltersAndSendsTheStoredBody() throws {
        let planner = ForwardBodiesTests.planner
        let event = ForwardBodiesTests.event(conversation: "c1", isGroup: false)
        #expect(!planner.forwards(ofEvent: event, raw: Self.raw).contains { $0.subscription == "groups" })
        let replay = try #require(planner.replay(ofEvent: event, raw: Self.raw, to: "groups"))
        #expect(replay.subscription == "groups" && replay.type == .eventMessage)
        let stored = try #require(planner.forwards(ofEvent: event, raw: Self.raw).first { $0.subscription == "crm" })
        #expect(replay.body == stored.body)
        #expect(!String(decoding: replay.body, as: UTF8.self).contains("shop-secret"))
        #expect(planner.replay(ofEvent: event, raw: Self.raw, to: "erp") == nil)
    }

}
