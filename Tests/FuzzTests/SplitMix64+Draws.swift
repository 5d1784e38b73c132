import Core

/// The mutator's draws, from Core's SplitMix64: its whole sequence follows from the seed, so a run
/// with the seed it printed makes the very same inputs again.
extension SplitMix64 {
    /// A number in `0..<bound` (the modulo bias is of no matter here).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(\(bound))")
        return Int(next() % UInt64(bound))
    }

    /// True one time in `odds`.
    mutating func oneIn(_ odds: Int) -> Bool {
        below(odds) == 0
    }

    mutating func element<T>(of choices: [T]) -> T {
        choices[below(choices.count)]
    }
}
