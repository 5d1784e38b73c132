/// Why a file could not be read; `reason` is the system's words ("No such file or directory").
public struct FileReadError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Nothing at that path: a missing default config file is not an error.
        case notFound
        /// Anything else: permissions, a folder, an I/O error.
        case unreadable
    }

    public var kind: Kind
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
