import CFuzzing
import Glibc

/// Hands the process to libFuzzer with `testOneInput` as the target. SwiftPM links every
/// executable with its own `main` (the `@main` type), so libFuzzer's `main` never runs: each
/// target's `@main` calls this instead, and the command line is libFuzzer's as usual.
public func runLibFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
    exit(status)
}
