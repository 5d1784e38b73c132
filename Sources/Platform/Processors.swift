import Glibc

public enum Processors {
    /// Cores the system has online now; at least 1.
    public static var online: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
