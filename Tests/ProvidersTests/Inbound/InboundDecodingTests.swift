import Core
import JSON
import Testing
@testable import Providers

/// The inbound decoders from literal payloads (docs/providers.md).
@Suite struct BotadminWebhookTests {
    let account = Account(name: "shop", credentials: .botadmin(secret: Secret("s")), selfIDs: ["bot-self"], mentionNames: ["小助手"])

    func decode(_ text: String) throws -> InboundEvent {
        let body = Array(text.utf8)
        return try BotadminWebhook.decode(body: body, json: try JSON.parse(body), account: account)
    }

    @Test func textMessage() throws {
        let event = try decode(#"{"secret":"s","msgtype":"text","conversation_id":"c1","sender":"u1","text":{"content":"@小助手 价格"}}"#)
        #expect(event.kind == .message)
        #expect(event.conversation == "c1")
        #expect(event.sender == "u1")
        #expect(event.text == "@小助手 价格")
        #expect(event.mentions == ["小助手"])
        #expect(event.providerType == "text")
        #expect(event.dedupeKey.windowed)
        #expect(!event.isSelf)
    }

    @Test func selfSenderIsSelfMessage() throws {
        let event = try decode(#"{"secret":"s","msgtype":"text","conversation_id":"c1","sender":"bot-self","text":{"content":"hi"}}"#)
        #expect(event.kind == .selfMessage)
        #expect(event.isSelf)
    }

    @Test func otherTypesAndUnknownTypes() throws {
        let image = try decode(#"{"secret":"s","msgtype":"image","conversation_id":"c","sender":"u","image":{"cdn_type":"1","cdn":"x"}}"#)
        #expect(image.kind == .message)
        #expect(image.text == nil)
        let unknown = try decode(#"{"secret":"s","msgtype":"location","conversation_id":"c","sender":"u"}"#)
        #expect(unknown.kind == .unknown)
    }

    @Test func numbersWhereTextIsExpectedAreTolerated() throws {
        let event = try decode(#"{"secret":"s","msgtype":"text","conversation_id":12345,"sender":678,"text":{"content":"x"}}"#)
        #expect(event.conversation == "12345")
        #expect(event.sender == "678")
    }

    @Test func secretIsReadFromTheBody() throws {
        #expect(BotadminWebhook.secret(in: try JSON.parse(#"{"secret":"abc"}"#)) == "abc")
        #expect(BotadminWebhook.secret(in: try JSON.parse(#"{}"#)) == nil)
    }

    @Test func identicalBodiesShareAKeyDifferentOnesDoNot() throws {
        let a = try decode(#"{"secret":"s","msgtype":"text","conversation_id":"c","sender":"u","text":{"content":"1"}}"#)
        let b = try decode(#"{"secret":"s","msgtype":"text","conversation_id":"c","sender":"u","text":{"content":"1"}}"#)
        let c = try decode(#"{"secret":"s","msgtype":"text","conversation_id":"c","sender":"u","text":{"content":"2"}}"#)
        #expect(a.dedupeKey == b.dedupeKey)
        #expect(a.dedupeKey != c.dedupeKey)
    }
}

@Suite struct YunzhenjiCallbackTests {
    let account = Account(name: "sales", credentials: .yunzhenji(appID: "app", accessToken: Secret("t"), wxid: "16888",
                                                                  callbackToken: nil))

    func decode(_ text: String) throws -> InboundEvent {
        let body = Array(text.utf8)
        return try YunzhenjiCallback.decode(body: body, json: try JSON.parse(body), account: account)
    }

    @Test func customerMessage() throws {
        let event = try decode("""
            {"event":"chatMsg","app_id":"a","wxid":"16xxx","data":{"msg_id":"m1","conversation_id":"7xxx","sender_wxid":"7xxx",
             "is_self":false,"is_group":true,"at_list":["16xxx"],"msg_type":"text",
             "content":{"items":[{"type":"text","text":"价格"},{"type":"text","text":"多少"}]},"timestamp":1763700000}}
            """)
        #expect(event.kind == .message)
        #expect(event.text == "价格多少")
        #expect(event.isGroup == true)
        #expect(event.mentions == ["16xxx"])
        #expect(event.dedupeKey == DedupeKey(value: "chatMsg:msg:m1", windowed: false))
    }

    @Test func echoOfOurSendIsReceipt() throws {
        let event = try decode(#"{"event":"chatMsg","data":{"msg_id":"m2","api_send_id":"s-1","api_send_svrid":"168,7,X","is_self":true,"conversation_id":"7xxx"}}"#)
        #expect(event.kind == .receipt)
        #expect(event.apiSendID == "s-1")
        #expect(event.apiSendSvrID == "168,7,X")
        #expect(event.isSelf)
    }

    @Test func ownMessageTypedOnThePhoneIsSelfMessage() throws {
        let event = try decode(#"{"event":"chatMsg","data":{"msg_id":"m3","is_self":true,"conversation_id":"7xxx"}}"#)
        #expect(event.kind == .selfMessage)
    }

    @Test func sendFailureCarriesTheReason() throws {
        let event = try decode(#"{"event":"chatMsgSendFail","data":{"api_send_id":"s-1","api_send_svrid":"168,7,X","errmsg":"客户已拒收"}}"#)
        #expect(event.kind == .sendFailure)
        #expect(event.error == "客户已拒收")
        #expect(event.dedupeKey == DedupeKey(value: "chatMsgSendFail:svr:168,7,X", windowed: false))
    }

    @Test func flagsAsStringsOrNumbersAreTolerated() throws {
        let event = try decode(#"{"event":"chatMsg","data":{"msg_id":123,"is_self":"0","is_group":1,"conversation_id":"c"}}"#)
        #expect(event.providerMessageID == "123")
        #expect(!event.isSelf)
        #expect(event.isGroup == true)
    }

    @Test func noIdsFallsBackToBodyHash() throws {
        let event = try decode(#"{"event":"chatMsg","data":{"conversation_id":"c","content":{"text":"hi"}}}"#)
        #expect(event.dedupeKey.windowed)
        #expect(event.text == "hi")
    }

    @Test(arguments: [
        (#"{"data":{}}"#, "event"),
        (#"{"event":"chatMsg"}"#, "data"),
        (#"{"event":"chatMsg","data":[]}"#, "data"),
        (#"{"event":"chatMsg","data":{"is_self":"maybe"}}"#, "data.is_self"),
        (#"{"event":"chatMsg","data":{"at_list":"x"}}"#, "data.at_list"),
    ])
    func malformed(text: String, field: String) throws {
        #expect {
            _ = try decode(text)
        } throws: { error in
            guard let error = error as? InboundError, case .malformed(let message) = error else { return false }
            return message.contains(field) && error.status == 400
        }
    }

    @Test func unknownEventIsStoredNotActedOn() throws {
        let event = try decode(#"{"event":"friendAdded","data":{"msg_id":"f1"}}"#)
        #expect(event.kind == .unknown)
        #expect(event.providerType == "friendAdded")
    }
}
