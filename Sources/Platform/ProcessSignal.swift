import Glibc

/// The signals the process handles. Handlers are installed with Dispatch signal sources (on
/// `rawValue`) after the default action was turned off with `ignore`.
public enum ProcessSignal: Sendable, CaseIterable {
    case interrupt, terminate, hangUp, brokenPipe

    public var rawValue: Int32 {
        switch self {
        case .interrupt: SIGINT
        case .terminate: SIGTERM
        case .hangUp: SIGHUP
        case .brokenPipe: SIGPIPE
        }
    }

    /// The signal no longer kills the process (a Dispatch source still sees it).
    public func ignore() {
        _ = signal(rawValue, SIG_IGN)
    }
}
