import Foundation
@testable import Service
import ServiceHarness
import Testing

/// 云真机 callbacks: token check, dedupe by msg_id / api_send_svrid (docs/api.md,
/// docs/providers.md).
@Suite struct YunzhenjiIngestTests {
    static func chatMsg(msgID: String?, svrID: String? = nil, apiSendID: String? = nil, text: String = "价格多少",
                        event: String = "chatMsg", isSelf: Bool = false) -> String {
        var data: [String: Any] = [
            "conversation_id": "7xxx", "sender_wxid": "7xxx", "is_self": isSelf, "is_group": false,
            "msg_type": "text", "content": ["items": [["type": "text", "text": text]]], "timestamp": 1763700000,
        ]
        if let msgID { data["msg_id"] = msgID }
        if let svrID { data["api_send_svrid"] = svrID }
        if let apiSendID { data["api_send_id"] = apiSendID }
        if event == "chatMsgSendFail" { data["errmsg"] = "客户已拒收" }
        let envelope: [String: Any] = ["event": event, "app_id": "app", "wxid": "16xxx", "data": data]
        return String(decoding: try! JSONSerialization.data(withJSONObject: envelope), as: UTF8.self)
    }

    @Test func tokenIsCheckedWhenConfigured() async throws {
        try await TestService.with { running in
            let body = Self.chatMsg(msgID: "m-1")
            #expect(try await running.client.post("/hooks/yunzhenji/sales", body: body).status == 401)
            #expect(try await running.client.post("/hooks/yunzhenji/sales?token=wrong", body: body).status == 401)
            let ok = try await running.client.post("/hooks/yunzhenji/sales?token=\(TestAccount.callbackToken)", body: body)
            #expect(ok.status == 200)
            // An account without callback_token takes callbacks without one.
            #expect(try await running.client.post("/hooks/yunzhenji/open", body: body).status == 200)
        }
    }

    @Test func sameMsgIDIsDuplicateForeverAndPerAccount() async throws {
        try await TestService.with(TestSettings { $0.dedupeWindowS = 1 }) { running in
            let path = "/hooks/yunzhenji/sales?token=\(TestAccount.callbackToken)"
            let first = try await running.client.post(path, body: Self.chatMsg(msgID: "m-42"))
            running.clock.advance(1.1)   // past the body-hash window: ids still dedupe
            let again = try await running.client.post(path, body: Self.chatMsg(msgID: "m-42", text: "changed field"))
            #expect(again.json["duplicate"]?.boolValue == true)
            #expect(again.json["event_id"]?.stringValue == first.json["event_id"]?.stringValue)
            // chatMsgSendFail with the same msg_id is another event.
            let failure = try await running.client.post(path, body: Self.chatMsg(msgID: "m-42", event: "chatMsgSendFail"))
            #expect(failure.json["duplicate"]?.boolValue == false)
            // Another account's event with the same msg_id is its own.
            let other = try await running.client.post("/hooks/yunzhenji/open", body: Self.chatMsg(msgID: "m-42"))
            #expect(other.json["duplicate"]?.boolValue == false)
        }
    }

    @Test func receiptWithoutMsgIDDedupesBySvrID() async throws {
        try await TestService.with { running in
            let path = "/hooks/yunzhenji/open"
            let a = try await running.client.post(path, body: Self.chatMsg(msgID: nil, svrID: "168,7,ABC", apiSendID: "s1", isSelf: true))
            let b = try await running.client.post(path, body: Self.chatMsg(msgID: nil, svrID: "168,7,ABC", apiSendID: "s1", text: "x", isSelf: true))
            #expect(a.json["duplicate"]?.boolValue == false)
            #expect(b.json["duplicate"]?.boolValue == true)
        }
    }

    @Test func missingEventOrDataIs400AndUnknownEventIs200() async throws {
        try await TestService.with { running in
            let path = "/hooks/yunzhenji/open"
            let noEvent = try await running.client.post(path, body: #"{"data":{}}"#)
            let noData = try await running.client.post(path, body: #"{"event":"chatMsg"}"#)
            let unknown = try await running.client.post(path, body: #"{"event":"friendAdded","data":{"msg_id":"f1"}}"#)
            #expect(noEvent.status == 400)
            #expect(noData.status == 400)
            #expect(unknown.status == 200)
        }
    }
}
