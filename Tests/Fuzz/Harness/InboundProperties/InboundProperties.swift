import Core
import FuzzSupport
import JSON
import Providers

/// The properties of `fuzz-inbound`: the bytes as the body of a webhook (bot-admin) and of a
/// callback (云真机). Bodies that are not JSON are answered 400 before any decoder runs. A decoder
/// either refuses a body with an `InboundError` whose status the contract allows, or returns an
/// event that says what the body said: the same body, the account, the fields it names, the right
/// kind and key.
public func checkProperties(of input: UnsafeRawBufferPointer) {
    let body = Array(input)
    guard let json = try? JSON.parse(body) else { return }
    _ = BotadminWebhook.secret(in: json)

    do throws(InboundError) {
        let event = try BotadminWebhook.decode(body: body, json: json, account: Accounts.botadmin)
        BotadminExpectations.check(event, json: json, body: body)
    } catch {
        checkRefusal(error, json)
    }
    do throws(InboundError) {
        let event = try YunzhenjiCallback.decode(body: body, json: json, account: Accounts.yunzhenji)
        YunzhenjiExpectations.check(event, json: json, body: body)
    } catch {
        checkRefusal(error, json)
    }
}

/// A refusal is a 400 or a 401 with a message to show.
private func checkRefusal(_ error: InboundError, _ json: JSONValue) {
    check(error.status == 400 || error.status == 401, "status \(error.status) for \(json)")
    check(!error.description.isEmpty, "refusal without a message for \(json)")
}

enum Accounts {
    static let botadmin = Account(name: "shop", credentials: .botadmin(secret: Secret("s")), selfIDs: ["bot-1", "16888"],
                                  mentionNames: ["小助手", "bot", "shop assistant"])
    static let yunzhenji = Account(name: "phone",
                                   credentials: .yunzhenji(appID: "app", accessToken: Secret("t"), wxid: "16888", callbackToken: nil),
                                   selfIDs: ["16888", "wxid_self"], mentionNames: ["客服"])
}
