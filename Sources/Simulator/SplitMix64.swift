/// A small seeded generator (SplitMix64, Steele et al. 2014): the simulator's choices must repeat
/// under `--seed`, which `SystemRandomNumberGenerator` cannot do.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<1, from the top 53 bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `true` with probability `p` (0 never, 1 always). Always draws, so the stream stays aligned
    /// whatever `p` is.
    mutating func chance(_ p: Double) -> Bool {
        nextUnit() < p
    }

    /// Uniform in the range. Always draws.
    mutating func pick(_ range: ClosedRange<Int>) -> Int {
        let value = next()
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(value % width)
    }
}
