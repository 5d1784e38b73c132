/// A credential from the configuration. It prints as `<redacted>` everywhere — `description`,
/// `debugDescription`, `dump`, string interpolation — so a log line or an error message that
/// mentions one by accident leaks nothing; the value comes out only through `revealed`.
public struct Secret: Sendable, Hashable {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself, for the one place that must send or compare it.
    public var revealed: String { value }

    /// Compares in constant time (`Core.ConstantTime`), for tokens a client presents.
    public func matches(_ candidate: some StringProtocol) -> Bool {
        ConstantTime.equals(candidate, value)
    }
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    /// No children: `dump` and `Mirror` must not walk into the stored value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
