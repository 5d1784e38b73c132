import Configuration

/// Reads typed values out of scanned flags; a bad one is a usage error that names the flag.
enum FlagValue {
    static func listen(_ scanned: ScannedArguments, topic: HelpTopic) throws(UsageError) -> ListenAddress? {
        guard let text = scanned.values["--listen"] else { return nil }
        do throws(ListenAddressError) {
            return try ListenAddress(parsing: text)
        } catch {
            throw UsageError("--listen: \(error.message)", topic: topic)
        }
    }

    /// One of a fixed set of words (`--chat private|group`).
    static func choice<Choice: RawRepresentable & CaseIterable>(
        _ scanned: ScannedArguments, _ flag: String, _: Choice.Type, topic: HelpTopic
    ) throws(UsageError) -> Choice? where Choice.RawValue == String {
        guard let text = scanned.values[flag] else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            let list = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
            throw UsageError("\(flag): \(quoted(text)) is not \(list)", topic: topic)
        }
        return choice
    }

    /// A number from 0 to 1.
    static func fraction(_ scanned: ScannedArguments, _ flag: String, topic: HelpTopic) throws(UsageError) -> Double? {
        guard let text = scanned.values[flag] else { return nil }
        guard let number = Double(text), number.isFinite, (0...1).contains(number) else {
            throw UsageError("\(flag): \(quoted(text)) is not a number from 0 to 1", topic: topic)
        }
        return number
    }

    /// A whole number from 0 to 2^64 - 1.
    static func seed(_ scanned: ScannedArguments, _ flag: String, topic: HelpTopic) throws(UsageError) -> UInt64? {
        guard let text = scanned.values[flag] else { return nil }
        guard text.utf8.first != UInt8(ascii: "+"), let number = UInt64(text) else {
            throw UsageError("\(flag): \(quoted(text)) is not a non-negative integer", topic: topic)
        }
        return number
    }

    /// An `http://` or `https://` URL with a host, trailing slashes dropped.
    static func url(_ scanned: ScannedArguments, _ flag: String, topic: HelpTopic) throws(UsageError) -> String? {
        guard let text = scanned.values[flag] else { return nil }
        let lower = text.lowercased()
        var url = Substring(text)
        while url.hasSuffix("/") { url = url.dropLast() }
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }),
              url.count > scheme.count, !url.contains(" ") else {
            throw UsageError("\(flag): \(quoted(text)) is not an http:// or https:// URL", topic: topic)
        }
        return String(url)
    }
}
