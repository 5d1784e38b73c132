import FuzzSupport

/// libFuzzer drives the process and calls `fuzz` with each input (see `runLibFuzzer`).
@main
enum Entry {
    static func main() {
        // Built before the first input, so that no input is charged with it (time, memory).
        _ = FixedRules.oracle
        runLibFuzzer { data, size in fuzz(data, size) }
    }
}
