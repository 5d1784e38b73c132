import Configuration

/// A loader over an in-memory file system: `files` by path, `directories` that exist.
func makeLoader(files: [String: String] = [:], environment: [String: String] = [:],
                directories: Set<String> = []) -> ConfigurationLoader {
    ConfigurationLoader(
        environment: environment,
        readFile: { path throws(FileReadError) in
            guard let text = files[path] else {
                throw FileReadError(kind: .notFound, reason: "No such file or directory")
            }
            return Array(text.utf8)
        },
        directoryExists: { directories.contains($0) })
}

/// The problem lines a load reports (empty when it succeeds).
func problemLines(_ loader: ConfigurationLoader, _ overrides: ConfigurationOverrides = ConfigurationOverrides(),
                  for purpose: ConfigurationLoader.Purpose = .serve) -> [String] {
    do throws(ConfigurationError) {
        _ = try loader.load(overrides, for: purpose)
        return []
    } catch {
        return error.lines
    }
}

/// The problem lines of loading `file` as `wxhook.json` with nothing else set.
func fileProblems(_ file: String, for purpose: ConfigurationLoader.Purpose = .serve) -> [String] {
    problemLines(makeLoader(files: ["wxhook.json": file]), for: purpose)
}

/// Secret values used across the tests; none may ever appear in an error or a description.
enum Secrets {
    static let botadmin = "ba-secret-7f3a9c"
    static let accessToken = "yzj-access-51d2e8"
    static let callbackToken = "yzj-callback-c0ffee"
    static let gowechat = "gw-token-9b8a7c"
    static let wecom = "wecom-key-d00d1e"
    static let admin = "admin-token-1234abcd"
    static let all = [botadmin, accessToken, callbackToken, gowechat, wecom, admin]
}

/// The contract's example file, with real-looking values in place of "…".
let contractExample = """
{
  "listen": "127.0.0.1:8080",
  "database": "data/wxhook.sqlite",
  "rules": "Rules",
  "admin_token": "\(Secrets.admin)",
  "limits": { "max_body_bytes": 1048576, "header_timeout_ms": 10000, "idle_timeout_ms": 60000 },
  "delivery": {
    "confirm_after_s": 60,
    "expire_after_s": 900,
    "max_attempts": 5,
    "retry_base_ms": 1000,
    "send_timeout_ms": 10000
  },
  "pacing": { "per_account_per_minute": 60 },
  "dedupe_window_s": 10,
  "timezone": "Asia/Shanghai",
  "accounts": [
    { "provider": "botadmin",  "name": "shop",  "base_url": "https://bot-admin.minapp.xin", "secret": "\(Secrets.botadmin)",
      "self_ids": ["wxid_self"], "mention_names": ["小助手"] },
    { "provider": "yunzhenji", "name": "sales", "base_url": "https://oapi-yzj.miaokol.com",
      "app_id": "app-42", "access_token": "\(Secrets.accessToken)", "wxid": "16001", "callback_token": "\(Secrets.callbackToken)" },
    { "provider": "gowechat",  "name": "home",  "base_url": "http://127.0.0.1:10614", "token": "\(Secrets.gowechat)" },
    { "provider": "wecom",     "name": "ops",   "base_url": "https://qyapi.weixin.qq.com", "key": "\(Secrets.wecom)" }
  ]
}
"""
