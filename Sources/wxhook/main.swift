import CLI
import Configuration
import Foundation
import Logging
import Platform
import Service
import Simulator

// wxhook: parse the command line, then run one command. Every failure a user can cause ends in
// one line per problem on stderr and a non-zero exit (docs/configuration.md, "Validation and error
// messages").

func fail(_ lines: [String], status: Int32 = ExitStatus.failure.rawValue) -> Never {
    FileHandle.standardError.write(Data(lines.map { "wxhook: \($0)\n" }.joined().utf8))
    exit(status)
}

let command: Command
do {
    command = try Command.parse(CommandLine.arguments)
} catch {
    fail([error.message], status: error.exitCode)
}

let environment = ProcessInfo.processInfo.environment
let logLevel = environment["WXHOOK_LOG"].flatMap(LogLevel.init(name:)) ?? .info

switch command {
case .version:
    print(wxhookVersion)

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
    let service: WebhookService
    do {
        service = try WebhookService(configuration: configuration, logger: logger)
    } catch {
        sink.flush()
        fail("\(error)".split(separator: "\n").map(String.init))
    }
    let signals = SignalWatcher(onHangUp: { service.reloadRules() })
    let port: Int
    do {
        port = try await service.start()
    } catch {
        sink.flush()
        fail(["\(error)"])
    }
    var address = configuration.listen
    address.port = port
    logger.info("listening", [("address", address.description), ("version", wxhookVersion),
                              ("database", configuration.database.description), ("accounts", String(configuration.accounts.count))])
    let signal = await signals.waitForStop()
    logger.info("stopping", [("signal", signal == ProcessSignal.terminate.rawValue ? "SIGTERM" : "SIGINT")])
    await service.shutdown()
    logger.info("stopped")
    sink.stop()
    exit(0)

case .sim(let options):
    let configuration: Configuration?
    do {
        configuration = try options.resolve(with: .system(environment: environment))
    } catch {
        fail(error.lines)
    }
    let sink = LogSink()
    let logger = Logger(level: logLevel, sink: sink, secrets: configuration?.secrets ?? [])
    let signals = SignalWatcher()
    let simulator = SimulatorServer(
        configuration: SimulatorConfiguration(
            host: options.listen.host, port: options.listen.port,
            accounts: configuration?.accounts ?? [],
            callback: options.callback, failRate: options.failRate, seed: options.seed,
            applicationSecret: configuration?.subscriptions.first { $0.url.hasSuffix("/sim/app") }?.secret),
        accessLog: { entry in
            logger.info("request", [("method", entry.method), ("path", entry.path), ("status", String(entry.status)),
                                    ("request_id", entry.requestID)])
        })
    let port: Int
    do {
        port = try simulator.start()
    } catch {
        fail([ListenFailure(address: options.listen.description, error: error).description])
    }
    var address = options.listen
    address.port = port
    logger.info("listening", [("address", address.description), ("seed", String(simulator.core.seed)),
                              ("callback", options.callback ?? "none")])
    _ = await signals.waitForStop()
    await simulator.shutdown()
    sink.stop()
    exit(0)

case .backup(let options), .restore(let options):
    let configuration: Configuration
    do {
        configuration = try options.resolve(with: .system(environment: environment))
    } catch {
        fail(error.lines)
    }
    let outcome = if case .backup = command {
        DatabaseCommands.backup(to: options.file, configuration: configuration)
    } else {
        DatabaseCommands.restore(from: options.file, configuration: configuration)
    }
    switch outcome {
    case .success(let line):
        print(line)
        exit(ExitStatus.success.rawValue)
    case .failure(let error):
        fail([error.description])
    }

case .migrate(let options):
    switch DatabaseCommands.migrate(from: options.source, to: options.target) {
    case .success(let lines):
        print(lines.joined(separator: "\n"))
        exit(ExitStatus.success.rawValue)
    case .failure(let error):
        fail([error.description])
    }

case .rulesCheck(let options):
    do {
        exit(RulesCommands.check(try options.resolve(with: .system(environment: environment))))
    } catch {
        fail(error.lines)
    }

case .rulesTest(let options):
    do {
        exit(RulesCommands.test(options, try options.resolve(with: .system(environment: environment))))
    } catch {
        fail(error.lines)
    }
}
