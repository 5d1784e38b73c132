import HTTP
import JSON
import Providers
@testable import Simulator
import Testing

@Suite struct SimulatedBotadminTests {
    @Test func acceptsASendWithTheConfiguredSecretAndLogsIt() throws {
        let core = Sim.core()
        let reply = Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c%201", #"{"msgtype":"text","text":{"content":"hi"}}"#)
        #expect(reply.response.status == .ok)
        #expect(try Sim.json(reply.response) == Sim.json(#"{"errcode":0,"errmsg":"ok"}"#))
        #expect(reply.callbacks.isEmpty)
        let entry = try #require(try Sim.log(core).first)
        #expect(entry["provider"] == "botadmin")
        #expect(entry["account"] == "shop")
        #expect(entry["path"] == "/api/send")
        #expect(entry["query"] == (try Sim.json(#"{"secret":"***","conversation_id":"c 1"}"#)))
        #expect(entry["body"] == (try Sim.json(#"{"msgtype":"text","text":{"content":"hi"}}"#)))
        #expect(entry["answer_status"] == 200)
    }

    @Test func refusesAWrongSecretAMissingConversationAndABadBody() throws {
        let core = Sim.core()
        let text = #"{"msgtype":"text","text":{"content":"hi"}}"#
        #expect(try Sim.json(Sim.post(core, "/api/send?secret=nope&conversation_id=c1", text).response)["errcode"] == 40001)
        #expect(try Sim.json(Sim.post(core, "/api/send?conversation_id=c1", text).response)["errcode"] == 40001)
        #expect(try Sim.json(Sim.post(core, "/api/send?secret=shop-secret", text).response)["errcode"] == 40002)
        let badBodies = [#"{"msgtype":"text","text":{}}"#, #"{"msgtype":"voice","voice":{"url":"u"}}"#, "hello",
                         #"{"msgtype":"link","link":{"title":"t"}}"#]
        for body in badBodies {
            let answer = try Sim.json(Sim.post(core, "/api/send?secret=shop-secret&conversation_id=c1", body).response)
            #expect(answer["errcode"] == 40003, "\(body)")
        }
        #expect(try Sim.stats(core)["sent_items"] == 0)
    }

    @Test func anySecretPassesWhenNoBotadminAccountIsConfigured() throws {
        let core = Sim.core(accounts: [Sim.sales])
        let reply = Sim.post(core, "/api/send?secret=whatever&conversation_id=c1", #"{"msgtype":"image","image":{"url":"https://x/a.png"}}"#)
        #expect(try Sim.json(reply.response)["errcode"] == 0)
        #expect(try Sim.log(core).first?["account"] == .null)
    }

    @Test func listsUsersAndGroupsSeenSoFarPlusConfiguredGroups() throws {
        let core = Sim.core(groups: ["cfg@chatroom"])
        let text = #"{"msgtype":"text","text":{"content":"hi"}}"#
        Sim.post(core, "/api/send?secret=shop-secret&conversation_id=u1", text)
        Sim.post(core, "/api/send?secret=shop-secret&conversation_id=g1%40chatroom", text)
        Sim.post(core, "/api/send?secret=shop-secret&conversation_id=u1", text)
        Sim.post(core, "/sim/inbound", #"{"provider":"botadmin","account":"shop","conversation":"team","sender":"u2","text":"hi","group":true}"#)

        let users = try Sim.json(Sim.get(core, "/api/users?secret=shop-secret").response)
        #expect(users == (try Sim.json(#"{"users":[{"name":"u1","conversation_id":"u1"}]}"#)))
        let groups = try Sim.json(Sim.get(core, "/api/groups?secret=shop-secret").response)
        #expect(groups == (try Sim.json("""
            {"groups":[{"name":"cfg@chatroom","conversation_id":"cfg@chatroom"},
                       {"name":"g1@chatroom","conversation_id":"g1@chatroom"},
                       {"name":"team","conversation_id":"team"}]}
            """)))
        #expect(try Sim.json(Sim.get(core, "/api/groups?secret=bad").response)["errcode"] == 40001)
    }

    @Test func theRealSendAdapterIsAccepted() throws {
        let core = Sim.core()
        let request = try Sim.shop.sendRequest(conversation: "c1", chat: .private,
                                               items: [OutboundItem(item: .link(title: "t", url: "https://x", desc: nil, imageURL: nil), apiSendID: "a")])
        let target = String(request.url.dropFirst("http://sim".count))
        let reply = core.handle(HTTPRequest(method: .post, target: target, body: request.body))
        #expect(BotadminSend.classify(status: reply.response.status.code, body: reply.response.body) ==
            .accepted([.accepted(providerID: nil)]))
    }
}

@Suite struct SimulatedWecomTests {
    @Test func checksTheKeyAndTheBody() throws {
        let core = Sim.core()
        let text = #"{"msgtype":"text","text":{"content":"deploy done"}}"#
        #expect(try Sim.json(Sim.post(core, "/cgi-bin/webhook/send?key=wecom-key", text).response) ==
            Sim.json(#"{"errcode":0,"errmsg":"ok"}"#))
        #expect(try Sim.json(Sim.post(core, "/cgi-bin/webhook/send?key=other", text).response)["errcode"] == 93000)
        #expect(try Sim.json(Sim.post(core, "/cgi-bin/webhook/send?key=wecom-key", "{}").response)["errcode"] == 40008)
        let log = try Sim.log(core)
        #expect(log.map { $0["account"] } == ["ops", .null, "ops"])
        #expect(log.first?["query"]?["key"] == "***")
    }
}

@Suite struct SimulatedGowechatTests {
    @Test func acceptsTheRealAdapterAndAnswersWithAMessageID() throws {
        let core = Sim.core()
        let request = try Sim.home.sendRequest(conversation: "wxid_1", chat: .private,
                                               items: [OutboundItem(item: .text("你好"), apiSendID: "echo-7")])
        let reply = core.handle(HTTPRequest(method: .post, target: "/send_message",
                                            headers: HTTPHeaders(request.headers.map { ($0.name, $0.value) }), body: request.body))
        let answer = try Sim.json(reply.response)
        #expect(answer["status"] == "ok")
        #expect(answer["echo"] == "echo-7")
        let messageID = try #require(answer["data"]?["message_id"]?.stringValue)
        #expect(GowechatSend.classify(status: reply.response.status.code, body: reply.response.body) ==
            .accepted([.accepted(providerID: messageID)]))
    }

    @Test func refusesAWrongTokenAndABadBody() throws {
        let core = Sim.core()
        let good = #"{"action":"send_message","echo":"e","params":{"detail_type":"private","send_id":"w","msg_type":1,"message":"m"}}"#
        let wrong = Sim.post(core, "/send_message", good, headers: ["Authorization": "Bearer nope"])
        #expect(wrong.response.status == .unauthorized)
        #expect(Sim.post(core, "/send_message", good).response.status == .unauthorized)
        let badType = good.replacing(#""msg_type":1"#, with: #""msg_type":3"#)
        let answer = try Sim.json(Sim.post(core, "/send_message", badType, headers: ["Authorization": "Bearer go-token"]).response)
        #expect(answer["retcode"] == 100)
        #expect(answer["message"] == "params.msg_type must be 1 or 2")
        #expect(answer["echo"] == "e")
    }
}
