/// Well-formed UTF-8 as in Unicode Table 3-7: no overlong forms, no surrogates (ED A0…ED BF),
/// nothing above U+10FFFF.
enum UTF8Validation {
    /// The length of the well-formed sequence starting at `offset` (a byte ≥ 0x80), or nil.
    @inline(__always)
    static func sequenceLength(in text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        let lead = text[offset]
        let remaining = text.count - offset
        @inline(__always) func byte(_ index: Int) -> UInt8 { text[offset + index] }
        @inline(__always) func isContinuation(_ index: Int) -> Bool { byte(index) & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            guard remaining >= 2, isContinuation(1) else { return nil }
            return 2
        case 0xE0...0xEF:
            guard remaining >= 3 else { return nil }
            let second = byte(1)
            let secondRange: ClosedRange<UInt8> = switch lead {
            case 0xE0: 0xA0...0xBF
            case 0xED: 0x80...0x9F
            default: 0x80...0xBF
            }
            guard secondRange.contains(second), isContinuation(2) else { return nil }
            return 3
        case 0xF0...0xF4:
            guard remaining >= 4 else { return nil }
            let second = byte(1)
            let secondRange: ClosedRange<UInt8> = switch lead {
            case 0xF0: 0x90...0xBF
            case 0xF4: 0x80...0x8F
            default: 0x80...0xBF
            }
            guard secondRange.contains(second), isContinuation(2), isContinuation(3) else { return nil }
            return 4
        default:
            return nil
        }
    }
}
