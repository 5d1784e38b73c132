import Foundation
import Glibc
import TestSupport

/// `GET /health` on a fresh connection, as a monitor would send it during an attack.
enum HealthProbe {
    /// The status `/health` answered within `withinMs` (connecting included), or nil if it did not.
    static func status(port: Int, withinMs: Int = 1000) async -> Int? {
        (try? await offPool { blockingStatus(port: port, withinMs: withinMs) }) ?? nil
    }

    /// `status` for code already on a thread of its own.
    static func blockingStatus(port: Int, withinMs: Int = 1000) -> Int? {
        let deadline = Date().addingTimeInterval(Double(withinMs) / 1000)
        guard let client = try? RawClient(port: port, timeoutMs: withinMs) else { return nil }
        guard (try? client.send("GET /health HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")) != nil,
              let response = try? client.readResponse(), Date() <= deadline else { return nil }
        return response.status
    }
}

/// What the kernel says about a process (ours or a child): memory and open descriptors.
enum ProcessProbe {
    /// Resident memory in bytes (`VmRSS`), of `pid` or of this process when nil.
    static func residentBytes(_ pid: Int32? = nil) -> Int? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return kib * 1024
    }

    /// Open file descriptors of `pid` (or of this process).
    static func openDescriptors(_ pid: Int32? = nil) -> Int? {
        descriptorTargets(pid)?.count
    }

    /// Accepted TCP connections on local `port` that `pid` holds a descriptor for, whatever their
    /// state (a connection the client closed but the server never did shows as CLOSE_WAIT here).
    /// Exact, unlike a count of all sockets, which moves with the process's own housekeeping.
    static func heldConnections(_ pid: Int32, port: Int) -> Int? {
        guard let targets = descriptorTargets(pid) else { return nil }
        var inodes = Set<String>()
        for table in ["tcp", "tcp6"] {
            guard let text = readWhole("/proc/\(pid)/net/\(table)") else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // sl, local_address, rem_address, st, …, inode (the tenth field)
                guard fields.count > 9, let local = fields[1].split(separator: ":").last,
                      Int(local, radix: 16) == port, fields[3] != "0A" else { continue }   // 0A: LISTEN
                inodes.insert(String(fields[9]))
            }
        }
        return targets.filter { target in
            target.hasPrefix("socket:[") && inodes.contains(String(target.dropFirst(8).dropLast()))
        }.count
    }

    /// Descriptors by kind (`socket`, `pipe`, `anon_inode:[eventfd]`, a file path), for messages.
    static func descriptorSummary(_ pid: Int32) -> [String: Int] {
        Dictionary(grouping: descriptorTargets(pid) ?? [], by: { target in
            target.hasPrefix("socket:") || target.hasPrefix("pipe:") ? String(target.prefix { $0 != ":" }) : target
        }).mapValues(\.count)
    }

    /// A /proc file read to its end (they report a size of 0, so read until read(2) says EOF).
    private static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let direntNameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// What each descriptor in `/proc/PID/fd` points to. Read with readdir and readlink only:
    /// descriptors come and go while the folder is listed, which must not fail the listing.
    private static func descriptorTargets(_ pid: Int32?) -> [String]? {
        let folder = "/proc/\(pid.map(String.init) ?? "self")/fd"
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var targets: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while let entry = readdir(directory) {
            // d_name is read in place: copying the 256-byte field out of a short entry at the end
            // of readdir's buffer reads past it (what crashed Foundation's Process.run when a
            // process had ~1,300 descriptors).
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: direntNameOffset)
                .assumingMemoryBound(to: CChar.self))
            guard name != ".", name != ".." else { continue }
            let length = readlink(folder + "/" + name, &buffer, buffer.count - 1)
            guard length > 0 else { continue }   // closed meanwhile
            targets.append(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return targets
    }

    /// Raises this process's soft descriptor limit to at least `wanted` (as far as the hard
    /// limit allows); returns the soft limit now in force. Children inherit it.
    @discardableResult
    static func raiseDescriptorLimit(to wanted: Int) -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(wanted) {
            limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Sets the soft file-size limit (RLIMIT_FSIZE) of another process; nil lifts it.
    static func setFileSizeLimit(of pid: Int32, to bytes: Int?) -> Bool {
        // glibc declares prlimit only under _GNU_SOURCE, which Swift's Glibc does not define.
        typealias Prlimit = @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prlimit") else { return false }
        let prlimit = unsafeBitCast(symbol, to: Prlimit.self)
        let resource = Int32(RLIMIT_FSIZE.rawValue)
        var current = rlimit()
        guard prlimit(pid, resource, nil, &current) == 0 else { return false }
        var wanted = current
        wanted.rlim_cur = bytes.map { rlim_t($0) } ?? current.rlim_max
        return prlimit(pid, resource, &wanted, nil) == 0
    }
}

enum Wait {
    /// Polls `condition` every 50 ms until it holds or `seconds` pass; returns whether it held.
    static func until(_ seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }
}
