/// Ids for events (`e_…`) and messages (`m_…`): 48 bits of Unix milliseconds then 64 random bits,
/// in Crockford base32, so ids sort by creation time and never need a database round trip.
public enum Identifier {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    public static func make(prefix: String, unixMillis: UInt64, random: UInt64) -> String {
        var out = Array(prefix.utf8)
        out.reserveCapacity(out.count + 23)
        // 10 characters of time (50 bits, top bits zero) then 13 of randomness (65 bits, top zero).
        for shift in stride(from: 45, through: 0, by: -5) {
            out.append(alphabet[Int((unixMillis >> UInt64(shift)) & 31)])
        }
        for shift in stride(from: 60, through: 0, by: -5) {
            out.append(alphabet[Int((random >> UInt64(shift)) & 31)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func make(prefix: String, unixMillis: UInt64) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix: prefix, unixMillis: unixMillis, random: generator.next())
    }
}
