import Synchronization

/// Where `check` puts violated properties when a fuzzer other than libFuzzer drives the checks:
/// bound (as a task local) around a run, read after each input. The checks go on after a
/// violation, so one input may add several; the first few say enough.
public final class ViolationLog: Sendable {
    @TaskLocal public static var current: ViolationLog?

    private static let kept = 8
    private let messages = Mutex<[String]>([])

    public init() {}

    func record(_ message: String) {
        messages.withLock { messages in
            if messages.count < Self.kept { messages.append(message) }
        }
    }

    /// The violations since the last call, oldest first.
    public func take() -> [String] {
        messages.withLock { messages in
            defer { messages.removeAll() }
            return messages
        }
    }
}
