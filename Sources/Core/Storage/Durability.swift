/// What a stored event survives once its webhook has been answered 2xx (`durability` in the
/// config file, docs/configuration.md). Every store engine honours it.
public enum Durability: String, Sendable, Hashable, CaseIterable {
    /// A crash of the process, of the kernel, or a power cut: each group commit is flushed to
    /// disk (one fsync per batch) before any of its callers is answered.
    case full
    /// A crash of the process only: commits reach the operating system, which writes them out
    /// later, so a power cut or kernel crash can lose the last ones after their 2xx went out.
    case process
}
