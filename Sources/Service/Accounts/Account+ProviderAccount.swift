import Configuration
import Providers

extension Account {
    /// The account as the send adapters (and the simulator) see it: plain strings, "" for unset.
    public var providerAccount: ProviderAccount {
        switch credentials {
        case .botadmin(let secret):
            ProviderAccount(provider: .botadmin, name: name, baseURL: baseURL, secret: secret.revealed)
        case .yunzhenji(let appID, let accessToken, let wxid, let callbackToken):
            ProviderAccount(provider: .yunzhenji, name: name, baseURL: baseURL, appID: appID,
                            accessToken: accessToken.revealed, wxid: wxid,
                            callbackToken: callbackToken?.revealed ?? "")
        case .gowechat(let token):
            ProviderAccount(provider: .gowechat, name: name, baseURL: baseURL, token: token.revealed)
        case .wecom(let key):
            ProviderAccount(provider: .wecom, name: name, baseURL: baseURL, key: key.revealed)
        }
    }
}
