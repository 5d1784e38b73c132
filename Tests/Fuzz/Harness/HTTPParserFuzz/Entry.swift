import FuzzSupport

/// libFuzzer drives the process and calls `fuzz` with each input (see `runLibFuzzer`).
@main
enum Entry {
    static func main() {
        runLibFuzzer { data, size in fuzz(data, size) }
    }
}
