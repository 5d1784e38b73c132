import Core
import HTTP
import JSON
import Providers
@testable import Simulator

/// Accounts as `--config` would give them, and shortcuts to drive a core.
enum Sim {
    static let shop = Account(name: "shop", baseURL: "http://sim", credentials: .botadmin(secret: Secret("shop-secret")))
    static let sales = Account(name: "sales", baseURL: "http://sim",
                               credentials: .yunzhenji(appID: "app-1", accessToken: Secret("yzj-token"), wxid: "16888",
                                                       callbackToken: Secret("cb-token")))
    static let home = Account(name: "home", baseURL: "http://sim", credentials: .gowechat(token: Secret("go-token")))
    static let ops = Account(name: "ops", baseURL: "http://sim", credentials: .wecom(key: Secret("wecom-key")))
    static let accounts = [shop, sales, home, ops]

    static func core(accounts: [Account] = accounts, callback: String? = "http://wxhook.test",
                     failRate: Double = 0, duplicateRate: Double = 0, seed: UInt64 = 42,
                     groups: [String] = []) -> SimulatorCore {
        SimulatorCore(configuration: SimulatorConfiguration(port: 0, accounts: accounts, callback: callback, failRate: failRate,
                                                            duplicateRate: duplicateRate, seed: seed, groups: groups),
                      clock: { 1_763_700_000.5 })
    }

    static func request(_ method: HTTPMethod, _ target: String, _ body: String = "",
                        headers: HTTPHeaders = HTTPHeaders()) -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8))
    }

    @discardableResult
    static func post(_ core: SimulatorCore, _ target: String, _ body: String = "",
                     headers: HTTPHeaders = HTTPHeaders()) -> SimulatorReply {
        core.handle(request(.post, target, body, headers: headers))
    }

    static func get(_ core: SimulatorCore, _ target: String) -> SimulatorReply {
        core.handle(request(.get, target))
    }

    static func json(_ response: HTTPResponse) throws -> JSONValue { try JSON.parse(response.body) }
    static func json(_ bytes: [UInt8]) throws -> JSONValue { try JSON.parse(bytes) }
    static func json(_ text: String) throws -> JSONValue { try JSON.parse(text) }

    /// A yunzhenji body built by the real send adapter.
    static func yunzhenjiBody(_ items: [MessageItem], account: Account = sales, target: String = "7xxx") throws -> String {
        let outbound = items.enumerated().map { OutboundItem(item: $0.element, apiSendID: "m1-1-\($0.offset)") }
        let request = try account.sendRequest(conversation: target, chat: .private, items: outbound)
        return String(decoding: request.body, as: UTF8.self)
    }

    static func log(_ core: SimulatorCore) throws -> [JSONValue] {
        try json(get(core, "/sim/log").response)["items"]?.arrayValue ?? []
    }

    static func stats(_ core: SimulatorCore) throws -> JSONValue {
        try json(get(core, "/sim/stats").response)
    }
}
