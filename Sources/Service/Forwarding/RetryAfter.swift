import Foundation

/// An answer's `Retry-After` (RFC 9110 §10.2.3) in seconds from `now`: delay-seconds, or an
/// HTTP-date. Nil when absent or unreadable; never negative.
enum RetryAfter {
    static func seconds(_ value: String?, now: Double) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Double(text.prefix(10)).map { max(0, $0) }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince1970 - now)
    }
}
