import Synchronization

/// Request ids: 12 hex digits from a counter that starts at a random point, so ids are unique
/// within a process, unlikely to repeat across restarts, and short enough to be stored inline
/// in a String without allocating.
final class RequestIDGenerator: Sendable {
    private let counter: Atomic<UInt64>

    init() {
        counter = Atomic(UInt64.random(in: 0..<(1 << 48)))
    }

    func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue & 0xFFFF_FFFF_FFFF
        return String(unsafeUninitializedCapacity: 12) { buffer in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { hex in
                for index in 0..<12 {
                    buffer[index] = hex[Int((value >> UInt64((11 - index) * 4)) & 0xF)]
                }
            }
            return 12
        }
    }
}
