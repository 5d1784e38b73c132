import Synchronization

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
        make(prefix: prefix, unixMillis: unixMillis, random: nextRandom())
    }

    /// SplitMix64 seeded once from the system generator: one id per request must not cost a
    /// `getrandom` system call, and ids need to be unique, not unpredictable.
    private static let state = Mutex<UInt64>({
        var system = SystemRandomNumberGenerator()
        return system.next()
    }())

    private static func nextRandom() -> UInt64 {
        SplitMix64.mix(state.withLock { state -> UInt64 in
            state &+= SplitMix64.increment
            return state
        })
    }
}
