import FuzzDriver
import RulesProperties

/// libFuzzer drives the process and calls `fuzz` with each input (see `runLibFuzzer`); the
/// properties live in `RulesProperties`, which the in-suite fuzzer (FuzzTests) checks too.
@main
enum Entry {
    static func main() {
        // Built before the first input, so that no input is charged with it (time, memory).
        prepare()
        runLibFuzzer { data, size in fuzz(data, size) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    checkProperties(of: UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
