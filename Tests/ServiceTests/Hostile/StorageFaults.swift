import Dispatch
import Foundation
import Glibc
import SQLite
import ServiceHarness
import TestSupport

/// Another process's transaction holding the database's write lock (`BEGIN IMMEDIATE`) until
/// released. Its connection lives and dies on a thread of its own.
final class LockHolder: Sendable {
    private let releaseSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    private init() {}

    /// Returns once the lock is held.
    static func hold(_ path: String) async throws -> LockHolder {
        let holder = LockHolder()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                do {
                    let connection = try SQLite.Connection(path: path)
                    try connection.run("BEGIN IMMEDIATE")
                    continuation.resume()
                    holder.releaseSignal.wait()
                    try? connection.run("ROLLBACK")
                } catch {
                    continuation.resume(throwing: error)
                }
                holder.finished.signal()
            }.start()
        }
        return holder
    }

    /// Ends the transaction and closes the connection.
    func release() async {
        releaseSignal.signal()
        _ = try? await offPool { self.finished.wait() }
    }
}

/// A small tmpfs mounted on a fresh folder: a disk that can be filled and freed at will.
struct TmpfsMount: Sendable {
    let path: String
    var filler: String { path + "/filler" }

    /// Whether this process may mount one (root with CAP_SYS_ADMIN; not in every container).
    static let isAvailable: Bool = {
        guard geteuid() == 0, let probe = try? TmpfsMount(sizeKiB: 64) else { return false }
        probe.remove()
        return true
    }()

    init(sizeKiB: Int) throws {
        path = NSTemporaryDirectory() + "wxhook-tmpfs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(sizeKiB)k,mode=0700") == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: path)
            throw HarnessFailure("mount tmpfs on \(path): errno \(code)")
        }
    }

    /// Bytes still free for an unprivileged writer.
    var freeBytes: Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return 0 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Writes a filler file until only about `leaving` bytes are free (or the disk is full).
    func fill(leaving: Int) throws {
        let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw HarnessFailure("open \(filler): errno \(errno)") }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0xAB, count: 4096)
        while freeBytes > leaving {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { break }
        }
    }

    func removeFiller() { unlink(filler) }

    func remove() {
        umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The immutable attribute (`chattr +i`): even root cannot write to such a file, also through a
/// descriptor opened before — unlike `chmod 0444`, which root and open descriptors ignore.
enum ImmutableFiles {
    static let chattr = "/usr/bin/chattr"

    /// Whether `chattr +i` works on files in the temp folder (root, and a file system that has it).
    static let isAvailable: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: chattr) else { return false }
        let probe = NSTemporaryDirectory() + "wxhook-chattr-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: probe, contents: Data([1])) else { return false }
        defer { _ = set([probe], immutable: false); unlink(probe) }
        return set([probe], immutable: true)
    }()

    /// Blocking: call from a thread of its own.
    @discardableResult
    static func set(_ paths: [String], immutable: Bool) -> Bool {
        (try? ChildProcess(executable: chattr, arguments: [immutable ? "+i" : "-i"] + paths).waitForExit()) == 0
    }
}
