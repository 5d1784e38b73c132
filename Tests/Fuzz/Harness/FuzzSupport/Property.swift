/// A property a fuzz target asserts about every input. Under libFuzzer a violation stops the
/// process with the message, which libFuzzer takes for a crash and saves the input of; under the
/// in-suite fuzzer (FuzzTests) it goes to the `ViolationLog` bound around the run, which fails
/// the test with the input.
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    guard let log = ViolationLog.current else {
        fatalError("property violated: \(message())", file: file, line: line)
    }
    log.record("\(file):\(line): \(message())")
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
