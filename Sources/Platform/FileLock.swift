import Glibc
import Synchronization

/// An exclusive lock on a file, held by this process until `release()` (or until the process
/// ends, whatever way it ends: the kernel drops the lock, so a crash leaves no stale lock behind).
/// `flock`, not `fcntl`: an `fcntl` lock is dropped when the process closes *any* descriptor of
/// the file, which SQLite's own descriptors could do behind our back. The file holds the holder's
/// pid, so the one refused can say who holds it.
public final class FileLock: Sendable {
    public let path: String
    private let descriptor: Int32
    private let released = Atomic<Bool>(false)

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock on `path` (created when missing) without waiting, and writes this process's
    /// pid into it. Throws `FileLockError.held` with the holder's pid when another has it.
    public static func acquire(_ path: String) throws(FileLockError) -> FileLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .failed(SystemError.last("open", path)) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = SystemError.last("flock", path)
            if failure.errno == EINTR { continue }
            let holder = failure.errno == EWOULDBLOCK ? readPID(descriptor) : nil
            close(descriptor)
            throw failure.errno == EWOULDBLOCK ? .held(path: path, pid: holder) : .failed(failure)
        }
        let pid = Array("\(CurrentProcess.id)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return FileLock(path: path, descriptor: descriptor)
    }

    /// Drops the lock; later calls do nothing. The file stays (removing it would race with the
    /// next process that opens it to lock it).
    public func release() {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    deinit { release() }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return Int32(text.split(whereSeparator: { $0 == "\n" }).first ?? "")
    }
}

/// Why a `FileLock` was not taken.
public enum FileLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process (or another lock in this one) holds it; its pid when the file names one.
    case held(path: String, pid: Int32?)
    /// The lock file could not be opened or locked.
    case failed(SystemError)

    public var description: String {
        switch self {
        case .held(let path, let pid): "\(path) is locked by " + (pid.map { "pid \($0)" } ?? "another process")
        case .failed(let error): "\(error)"
        }
    }
}
