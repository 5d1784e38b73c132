/// Where a forward to an application stands. The raw values are stored and shown as they are.
public enum ForwardState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its time: new, or a retry waiting out its backoff.
    case pending
    /// A request to the application is in flight.
    case delivering
    /// The application answered 2xx.
    case delivered
    /// A status that is not retried, retries used up, or its subscription left the configuration.
    case failed

    public var isFinal: Bool { self == .delivered || self == .failed }

    /// Whether it keeps younger forwards of its line (subscription and conversation) waiting.
    public var holdsLine: Bool { self == .pending || self == .delivering }
}
