import Foundation
import Testing
@testable import Logging
import Platform

/// Log lines: `key=value` format and secret redaction.
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

    @Test func theFieldsOfADroppedLineAreNeverBuilt() {
        var built: [String] = []
        func fields(_ name: String) -> [(String, String)] {
            built.append(name)
            return [("field", name)]
        }
        let text = capture(level: .warn, secrets: []) { logger in
            logger.debug("quiet", fields("debug"))
            logger.info("quiet", fields("info"))
            logger.warn("loud", fields("warn"))
        }
        #expect(built == ["warn"])
        #expect(text.contains("level=warn msg=\"loud\" field=warn\n"))
    }

    @Test func timestampsAreUTCToTheMillisecond() {
        let time = UTCTime(year: 2026, month: 11, day: 2, hour: 1, minute: 2, second: 3, millisecond: 4)
        #expect(Logger.timestamp(time) == "2026-11-02T01:02:03.004Z")
        #expect(Logger.timestamp().utf8.count == "2026-11-02T01:02:03.004Z".utf8.count)
    }

    @Test func controlCharactersAreEscaped() {
        let text = capture(secrets: []) { logger in logger.info("a\nb\"c") }
        #expect(text.contains(#"msg="a\nb\"c""#))
        #expect(text.split(separator: "\n").count == 1)
    }

    /// A log reader that stops reading (a stuck pipe) must not stall whoever logs: the HTTP loop
    /// threads log every request. Past the buffer lines are dropped, and said so once output moves.
    @Test func aReaderThatStopsReadingNeverBlocksTheLogger() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let sink = LogSink(fd: ends[1], maxPending: 64 * 1024)
        let logger = Logger(level: .info, sink: sink)
        // Nobody reads: the pipe's 64 KiB fill, then the sink's; 1.5 MB of lines follow.
        let logged = DispatchSemaphore(value: 0)
        Thread {
            for n in 0..<20_000 { logger.info("request", [("n", String(n)), ("path", "/hooks/botadmin/shop")]) }
            logged.signal()
        }.start()
        #expect(logged.wait(timeout: .now() + 60) == .success, "logging blocked behind a reader that does not read")

        // Reading again lets the writer through; it reports what it dropped.
        let reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: false)
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("log lines dropped"), Date() < deadline {
            text += String(decoding: reader.availableData, as: UTF8.self)
        }
        sink.stop()
        close(ends[1])
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        let count = text.split(separator: "\n").filter { $0.contains("log lines dropped") }
            .compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }.reduce(0, +)
        let kept = text.split(separator: "\n").filter { $0.contains("msg=\"request\"") }.count
        #expect(count > 0, "no line says how many were dropped")
        #expect(kept + count == 20_000, "every line is either written or counted as dropped")
    }
}
