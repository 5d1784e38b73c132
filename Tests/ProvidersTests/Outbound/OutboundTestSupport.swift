import Core
import JSON
@testable import Providers
import Testing

/// Accounts with every credential a provider needs, and helpers to compare bodies as JSON.
enum OutboundFixture {
    static let botadmin = ProviderAccount(provider: .botadmin, name: "shop", baseURL: "https://bot-admin.example/",
                                          secret: "s3cr3t+/=")
    static let yunzhenji = ProviderAccount(provider: .yunzhenji, name: "sales", baseURL: "https://oapi-yzj.example",
                                           appID: "app-1", accessToken: "tok-XYZ", wxid: "16888", callbackToken: "cb-tok")
    static let gowechat = ProviderAccount(provider: .gowechat, name: "home", baseURL: "http://127.0.0.1:10614",
                                          token: "rikka-bot")
    static let wecom = ProviderAccount(provider: .wecom, name: "ops", baseURL: "https://qyapi.weixin.qq.com",
                                       key: "693a91f6-7xxx")

    static func item(_ item: MessageItem, _ id: String = "a1", delayedTime: Int64? = nil) -> OutboundItem {
        OutboundItem(item: item, apiSendID: id, delayedTime: delayedTime)
    }

    static func json(_ text: String) throws -> JSONValue { try JSON.parse(text) }

    static func body(_ request: ProviderRequest) throws -> JSONValue { try JSON.parse(request.body) }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
