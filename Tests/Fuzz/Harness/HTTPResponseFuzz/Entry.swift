import FuzzDriver
import HTTPResponseProperties

/// libFuzzer drives the process and calls `fuzz` with each input (see `runLibFuzzer`); the
/// properties live in `HTTPResponseProperties`, which the in-suite fuzzer (FuzzTests) checks too.
@main
enum Entry {
    static func main() {
        runLibFuzzer { data, size in fuzz(data, size) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    checkProperties(of: UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
