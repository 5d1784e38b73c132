import Glibc

/// A shared library loaded at run time (`dlopen`), for the optional dependencies a deployment may
/// not have installed (libpq): the build links nothing, and only the code that needs the library
/// loads it. A loaded library stays loaded for the life of the process, so its functions, once
/// looked up, stay valid.
public final class DynamicLibrary: @unchecked Sendable { // The handle is immutable and dlsym is thread-safe.
    /// The name it was loaded by, e.g. `libpq.so.5`.
    public let name: String
    private let handle: UnsafeMutableRawPointer

    /// Loads `name` (searched the way the dynamic linker searches), binding every symbol now so a
    /// broken library fails here rather than at its first call.
    public init(_ name: String) throws(DynamicLibraryError) {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            throw DynamicLibraryError(library: name, symbol: nil, reason: Self.lastError())
        }
        self.name = name
        self.handle = handle
    }

    /// The function or variable `symbol`, as `type` (a `@convention(c)` function type for a function).
    public func symbol<T>(_ symbol: String, as type: T.Type) throws(DynamicLibraryError) -> T {
        _ = dlerror()   // clear an older error, so the one read below is ours
        guard let pointer = dlsym(handle, symbol) else {
            throw DynamicLibraryError(library: name, symbol: symbol, reason: Self.lastError())
        }
        return unsafeBitCast(pointer, to: type)
    }

    private static func lastError() -> String {
        guard let text = dlerror() else { return "unknown error" }
        return String(cString: text)
    }
}

/// A library that could not be loaded, or a symbol missing from it, with the loader's reason:
/// `libpq.so.5: cannot open shared object file: No such file or directory`.
public struct DynamicLibraryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let library: String
    /// The symbol that was looked up; nil when loading the library itself failed.
    public let symbol: String?
    public let reason: String

    public init(library: String, symbol: String?, reason: String) {
        self.library = library
        self.symbol = symbol
        self.reason = reason
    }

    public var description: String {
        if let symbol { return "\(library): no symbol \(symbol) (\(reason))" }
        // dlerror already starts with the library's name.
        return reason.hasPrefix(library) ? reason : "\(library): \(reason)"
    }
}
