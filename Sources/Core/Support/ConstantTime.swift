/// Secret comparison whose running time does not depend on where the inputs first differ, so a
/// caller cannot learn a secret byte by byte from response times.
public enum ConstantTime {
    public static func equals(_ given: some StringProtocol, _ expected: some StringProtocol) -> Bool {
        equals(Array(given.utf8), Array(expected.utf8))
    }

    public static func equals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        // Walk the expected secret's full length whatever the given length is; the length itself
        // is folded into the difference rather than returned early.
        var difference = UInt64(given.count ^ expected.count)
        for i in 0..<expected.count {
            let g: UInt8 = i < given.count ? given[i] : 0
            difference |= UInt64(g ^ expected[i])
        }
        return difference == 0
    }
}
