import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The two clocks a trial reads: this thread's CPU time (what "per core" means on a shared
/// machine: time other processes take is not counted) and wall time, both in nanoseconds.
enum Clock {
    static func threadCPU() -> UInt64 { read(CLOCK_THREAD_CPUTIME_ID) }
    static func wall() -> UInt64 { read(CLOCK_MONOTONIC) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Resident memory in MiB, from /proc/self/statm (its second field, in pages).
    static func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return Double(pages * Int(sysconf(Int32(_SC_PAGESIZE)))) / 1_048_576
    }
}
