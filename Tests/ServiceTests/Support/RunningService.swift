import Configuration
import Foundation
@testable import Service
import Logging

/// A `WebhookService` in this process on an ephemeral port, with its own database file.
struct RunningService {
    let service: WebhookService
    let client: HTTPClient
    let directory: TemporaryDirectory

    static let secret = "s3cret-\(UUID().uuidString.prefix(8))"
    static let callbackToken = "cbtok-\(UUID().uuidString.prefix(8))"

    static func testConfiguration(directory: TemporaryDirectory, dedupeWindowS: Int = 10,
                                  maxBodyBytes: Int = 1_048_576) -> Configuration {
        Configuration(
            listen: ListenAddress(host: "127.0.0.1", port: 0),
            databasePath: directory.file("data/wxhook.sqlite"),
            rulesPath: directory.file("Rules"),
            limits: .init(maxBodyBytes: maxBodyBytes),
            dedupeWindowS: dedupeWindowS,
            accounts: [
                Account(name: "shop", baseURL: "http://127.0.0.1:9", credentials: .botadmin(secret: Secret(secret)),
                        selfIDs: ["bot-self"], mentionNames: ["小助手"]),
                Account(name: "sales", baseURL: "http://127.0.0.1:9",
                        credentials: .yunzhenji(appID: "app", accessToken: Secret("at-\(secret)"), wxid: "16xxx",
                                                callbackToken: Secret(callbackToken))),
                Account(name: "open", baseURL: "http://127.0.0.1:9",
                        credentials: .yunzhenji(appID: "app", accessToken: Secret("at2-\(secret)"), wxid: "17xxx",
                                                callbackToken: nil)),
            ])
    }

    static func start(dedupeWindowS: Int = 10, maxBodyBytes: Int = 1_048_576,
                      logSink: LogSink = LogSink(fd: -1)) async throws -> RunningService {
        let directory = try TemporaryDirectory()
        let configuration = testConfiguration(directory: directory, dedupeWindowS: dedupeWindowS,
                                              maxBodyBytes: maxBodyBytes)
        let service = try WebhookService(configuration: configuration,
                                         logger: Logger(level: .info, sink: logSink, secrets: configuration.secrets))
        let port = try await service.start()
        return RunningService(service: service, client: HTTPClient(base: "http://127.0.0.1:\(port)"),
                              directory: directory)
    }

    func stop() async {
        await service.shutdown(gracePeriodMs: 2000)
        directory.remove()
    }

    static func botadminBody(text: String, conversation: String = "conv-1", sender: String = "user-1",
                             secret: String = RunningService.secret) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"secret":"\#(secret)","msgtype":"text","conversation_id":"\#(conversation)","sender":"\#(sender)","text":{"content":"\#(escaped)"}}"#
    }
}

extension RunningService {
    /// Runs `body` against a fresh service and stops it afterwards, also when `body` throws.
    static func with<T>(dedupeWindowS: Int = 10, maxBodyBytes: Int = 1_048_576,
                        _ body: (RunningService) async throws -> T) async throws -> T {
        let running = try await start(dedupeWindowS: dedupeWindowS, maxBodyBytes: maxBodyBytes)
        do {
            let result = try await body(running)
            await running.stop()
            return result
        } catch {
            await running.stop()
            throw error
        }
    }
}
