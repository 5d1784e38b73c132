import Glibc

/// This process, as the system knows it.
public enum CurrentProcess {
    /// The process id (what a lock file records, what `kill` takes).
    public static var id: Int32 { getpid() }
}
