/// A property a fuzz target asserts about every input. A violation stops the process with the
/// message; libFuzzer takes it for a crash and saves the input that caused it.
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    fatalError("property violated: \(message())", file: file, line: line)
}

/// FNV-1a of the input: a cheap, deterministic source of choices (split points, limits) that
/// libFuzzer's mutations explore along with the bytes themselves.
public func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
}
