import Foundation
import Testing
@testable import Service

/// Log lines: `key=value` format and secret redaction (contract.md, Logs).
@Suite struct LoggerTests {
    /// Logs through a pipe and returns what came out.
    func capture(level: LogLevel = .info, secrets: [String], _ body: (Logger) -> Void) -> String {
        let pipe = Pipe()
        let sink = LogSink(fd: pipe.fileHandleForWriting.fileDescriptor)
        body(Logger(level: level, sink: sink, secrets: secrets))
        sink.stop()
        try? pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func lineFormat() {
        let text = capture(secrets: []) { logger in
            logger.info("request done", [("method", "POST"), ("path", "/hooks/botadmin/shop"), ("note", "two words")])
        }
        #expect(text.hasPrefix("ts="))
        #expect(text.contains(" level=info msg=\"request done\" method=POST path=/hooks/botadmin/shop note=\"two words\"\n"))
    }

    @Test func everySecretIsRedactedWhereverItAppears() {
        let text = capture(secrets: ["s3cret", "tok-123", "s3cret-longer"]) { logger in
            logger.error("failed with s3cret-longer and s3cret", [("url", "http://x/?token=tok-123&a=tok-123")])
        }
        #expect(!text.contains("s3cret"))
        #expect(!text.contains("tok-123"))
        #expect(text.components(separatedBy: "<redacted>").count - 1 == 4)
    }

    @Test func levelsBelowTheThresholdAreDropped() {
        let text = capture(level: .warn, secrets: []) { logger in
            logger.info("quiet")
            logger.warn("loud")
        }
        #expect(!text.contains("quiet"))
        #expect(text.contains("level=warn msg=\"loud\""))
    }

    @Test func controlCharactersAreEscaped() {
        let text = capture(secrets: []) { logger in logger.info("a\nb\"c") }
        #expect(text.contains(#"msg="a\nb\"c""#))
        #expect(text.split(separator: "\n").count == 1)
    }
}
