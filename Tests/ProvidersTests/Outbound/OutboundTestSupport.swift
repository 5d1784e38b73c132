import Core
import JSON
@testable import Providers
import Testing

/// Accounts with every credential a provider needs, and helpers to compare bodies as JSON.
enum OutboundFixture {
    static let botadmin = Account(name: "shop", baseURL: "https://bot-admin.example/",
                                  credentials: .botadmin(secret: Secret("s3cr3t+/=")))
    static let yunzhenji = Account(name: "sales", baseURL: "https://oapi-yzj.example",
                                   credentials: .yunzhenji(appID: "app-1", accessToken: Secret("tok-XYZ"), wxid: "16888",
                                                           callbackToken: Secret("cb-tok")))
    static let gowechat = Account(name: "home", baseURL: "http://127.0.0.1:10614", credentials: .gowechat(token: Secret("rikka-bot")))
    static let wecom = Account(name: "ops", baseURL: "https://qyapi.weixin.qq.com", credentials: .wecom(key: Secret("693a91f6-7xxx")))

    static func item(_ item: MessageItem, _ id: String = "a1", delayedTime: Int64? = nil) -> OutboundItem {
        OutboundItem(item: item, apiSendID: id, delayedTime: delayedTime)
    }

    static func json(_ text: String) throws -> JSONValue { try JSON.parse(text) }

    static func body(_ request: ProviderRequest) throws -> JSONValue { try JSON.parse(request.body) }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
