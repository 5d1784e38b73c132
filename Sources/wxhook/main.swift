import CLI
import Configuration
import Foundation
import Service

// wxhook: parse the command line, then run one command. Every failure a user can cause ends in
// one line per problem on stderr and a non-zero exit (contract.md, Command line).

func fail(_ lines: [String], status: Int32 = ExitStatus.failure.rawValue) -> Never {
    FileHandle.standardError.write(Data(lines.map { "wxhook: \($0)\n" }.joined().utf8))
    exit(status)
}

let command: Command
do {
    command = try Command.parse(CommandLine.arguments)
} catch {
    fail([error.message, "run 'wxhook help\(error.topic.map { " " + $0.rawValue } ?? "")' for usage"],
         status: error.exitCode)
}

let environment = ProcessInfo.processInfo.environment
let logLevel = environment["WXHOOK_LOG"].flatMap(LogLevel.init(name:)) ?? .info

switch command {
case .version:
    print("wxhook \(wxhookVersion)")

case .help(let topic):
    print(Help.text(for: topic), terminator: "")

case .serve(let options):
    let configuration: Configuration
    do {
        configuration = try options.resolve(with: .system(environment: environment))
    } catch {
        fail(error.lines)
    }
    let sink = LogSink()
    let logger = Logger(level: logLevel, sink: sink, secrets: configuration.secrets)
    let signals = SignalWatcher()
    let service: WebhookService
    let port: Int
    do {
        service = try WebhookService(configuration: configuration, logger: logger)
        port = try service.start()
    } catch {
        sink.flush()
        fail(["\(error)"])
    }
    var address = configuration.listen
    address.port = port
    logger.info("listening", [("address", address.description), ("version", wxhookVersion),
                              ("database", configuration.databasePath), ("accounts", String(configuration.accounts.count))])
    let signal = await signals.waitForStop()
    logger.info("stopping", [("signal", signal == SIGTERM ? "SIGTERM" : "SIGINT")])
    await service.shutdown()
    logger.info("stopped")
    sink.stop()
    exit(0)

case .rulesCheck, .rulesTest, .sim:
    fail(["this command is not available yet"])
}
