import Foundation

/// The values a reply's templates are filled with.
public struct TemplateContext: Sendable, Hashable {
    public var sender: String
    public var conversation: String
    public var account: String
    /// The inbound text as received (not normalized).
    public var text: String
    /// `YYYY-MM-DD` in the configured time zone.
    public var date: String
    /// `HH:mm` in the configured time zone.
    public var time: String

    public init(sender: String, conversation: String, account: String, text: String, date: String, time: String) {
        self.sender = sender
        self.conversation = conversation
        self.account = account
        self.text = text
        self.date = date
        self.time = time
    }

    /// `date` and `time` from a Unix time (seconds) seen in `timeZone`.
    public init(sender: String, conversation: String, account: String, text: String,
                now: Double, timeZone: TimeZone) {
        let local = LocalTime(unixSeconds: now, timeZone: timeZone)
        self.init(sender: sender, conversation: conversation, account: account, text: text,
                  date: local.date, time: local.time)
    }

    func value(of variable: TemplateVariable) -> String {
        switch variable {
        case .sender: sender
        case .conversation: conversation
        case .account: account
        case .text: text
        case .date: date
        case .time: time
        }
    }
}

/// A Unix time as a wall-clock date and minute in a time zone. The arithmetic is done here
/// (civil-from-days) rather than through Calendar: it is exact and costs nothing per reply.
public struct LocalTime: Sendable, Hashable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int

    public init(unixSeconds: Double, timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: unixSeconds))
        let local = Int64((unixSeconds + Double(offset)).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        // Howard Hinnant's days-to-civil, proleptic Gregorian.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
    }

    /// `YYYY-MM-DD`
    public var date: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    /// `HH:mm`
    public var time: String { "\(Self.pad(hour, 2)):\(Self.pad(minute, 2))" }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
