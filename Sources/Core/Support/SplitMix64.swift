/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator. The simulator's choices
/// must repeat under `--seed`, and a failing random test must fail the same way every run, which
/// `SystemRandomNumberGenerator` cannot do. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// Uniform in 0..<1, from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `true` with probability `p` (0 never, 1 always). Always draws, so the stream stays aligned
    /// whatever `p` is.
    public mutating func chance(_ p: Double) -> Bool {
        nextUnit() < p
    }

    /// Uniform in the range (modulo bias is irrelevant at these widths). Always draws.
    public mutating func pick(_ range: ClosedRange<Int>) -> Int {
        let value = next()
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(value % width)
    }

    /// `count` bytes from the stream.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// The step between states, for a caller that keeps the state itself (under a lock, say).
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The output function: a well-mixed 64-bit value from a state.
    public static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
