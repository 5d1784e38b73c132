import Platform

/// One line per event, `key=value` pairs (`ts=… level=info msg="…" …`). The message and the
/// fields are autoclosures, built only when the line is logged: a call below the level costs a
/// comparison. Every configured secret is replaced by `<redacted>` in each line before it is
/// written: a last line of defence, so a secret that reaches a message by mistake still never
/// reaches the log.
public struct Logger: Sendable {
    public let level: LogLevel
    private let sink: LogSink
    private let secrets: [String]

    public init(level: LogLevel = .info, sink: LogSink, secrets: [String] = []) {
        self.level = level
        self.sink = sink
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.debug, message(), fields())
    }
    public func info(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.info, message(), fields())
    }
    public func warn(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.warn, message(), fields())
    }
    public func error(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        log(.error, message(), fields())
    }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String,
                    _ fields: @autoclosure () -> [(String, String)] = []) {
        guard level >= self.level else { return }
        // Built as bytes: this runs once per request, and Foundation's string search (behind
        // String.contains) costs more than the rest of the line together.
        var line: [UInt8] = []
        line.reserveCapacity(160)
        line += "ts=".utf8
        Self.appendTimestamp(WallClock.utc(), to: &line)
        line += " level=".utf8
        line += level.name.utf8
        line += " msg=".utf8
        line += Self.quoted(message()).utf8
        for (key, value) in fields() {
            line.append(0x20)
            line += key.utf8
            line.append(UInt8(ascii: "="))
            line += Self.formatted(value).utf8
        }
        for secret in secrets { Self.redact(secret, in: &line) }
        line.append(0x0a)
        sink.write(line, urgent: level >= .warn)
    }

    /// Replaces every occurrence of `secret` in `line` with `<redacted>`.
    static func redact(_ secret: String, in line: inout [UInt8]) {
        let needle = Array(secret.utf8)
        guard let first = needle.first else { return }
        var i = 0
        while i + needle.count <= line.count {
            if line[i] == first && line[i..<(i + needle.count)].elementsEqual(needle) {
                line.replaceSubrange(i..<(i + needle.count), with: redactedMark)
                i += redactedMark.count
            } else {
                i += 1
            }
        }
    }

    private static let redactedMark = Array("<redacted>".utf8)

    /// A value as it appears after `key=`: bare when it is a plain token, quoted otherwise.
    static func formatted(_ value: String) -> String {
        if value.isEmpty { return "\"\"" }
        for byte in value.utf8 where byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") || byte == 0x7f {
            return quoted(value)
        }
        return value
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// UTC, millisecond precision: `2026-11-22T01:02:03.456Z`.
    static func timestamp() -> String {
        timestamp(WallClock.utc())
    }

    static func timestamp(_ time: UTCTime) -> String {
        var bytes: [UInt8] = []
        appendTimestamp(time, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `time` as `timestamp` writes it, appended digit by digit: this runs for every line, and
    /// building it from padded strings cost a dozen allocations.
    static func appendTimestamp(_ time: UTCTime, to line: inout [UInt8]) {
        func digits(_ n: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            // A year past 9999 keeps all its digits.
            while divisor <= n / 10 { divisor *= 10 }
            var rest = n
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(time.year, 4)
        line.append(UInt8(ascii: "-"))
        digits(time.month, 2)
        line.append(UInt8(ascii: "-"))
        digits(time.day, 2)
        line.append(UInt8(ascii: "T"))
        digits(time.hour, 2)
        line.append(UInt8(ascii: ":"))
        digits(time.minute, 2)
        line.append(UInt8(ascii: ":"))
        digits(time.second, 2)
        line.append(UInt8(ascii: "."))
        digits(time.millisecond, 3)
        line.append(UInt8(ascii: "Z"))
    }
}
