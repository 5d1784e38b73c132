/// Writes the Prometheus text exposition format 0.0.4: `# HELP` and `# TYPE` once per metric,
/// then one `name{label="value",…} number` line per sample, label values and help texts escaped.
struct ExpositionWriter {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    init(capacity: Int = 4096) {
        text.reserveCapacity(capacity)
    }

    mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// A histogram family: its cumulative `_bucket` lines, `_sum` and `_count`.
    mutating func histogram(_ name: String, _ histogram: Histogram, help: String) {
        family(name, type: "histogram", help: help)
        for (bound, count) in histogram.cumulative {
            sample(name + "_bucket", [("le", Self.format(bound))], count)
        }
        sample(name + "_sum", [], histogram.sum)
        sample(name + "_count", [], histogram.count)
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, formatted: String(value))
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        sample(name, labels, formatted: Self.format(value))
    }

    private mutating func sample(_ name: String, _ labels: [(String, String)], formatted value: String) {
        text += name
        if !labels.isEmpty {
            text += "{"
            for (index, (label, labelValue)) in labels.enumerated() {
                if index > 0 { text += "," }
                text += label
                text += "=\""
                text += Self.escapeLabelValue(labelValue)
                text += "\""
            }
            text += "}"
        }
        text += " "
        text += value
        text += "\n"
    }

    /// `\` → `\\`, `"` → `\"`, newline → `\n`.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count + 8)
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Help texts escape `\` and newline only.
    static func escapeHelp(_ help: String) -> String {
        help.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// Go's float syntax as Prometheus reads it: `+Inf`, `-Inf`, `NaN`, else the shortest decimal.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return String(value)
    }
}
