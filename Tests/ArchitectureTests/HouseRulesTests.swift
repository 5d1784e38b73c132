import Foundation
import Testing

/// The house rules that the compiler cannot check, checked on the source tree itself: SQL lives in
/// the storage modules, system calls in Platform, and nothing in the repository points at files
/// outside it. A failure names every offending `file:line`.
@Suite struct HouseRulesTests {
    let tree = SourceTree(root: URL(filePath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent())
    /// This file spells out the patterns it looks for, so it is not searched itself.
    let ownPath = URL(filePath: #filePath).standardizedFileURL.path

    @Test func sqlStaysInTheStorageModules() throws {
        // Statements, not prose: a help text may name `PRAGMA integrity_check)` in passing.
        let keywords = ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "PRAGMA", "BEGIN"]
        let statement = try Regex(
            #"\b(SELECT\s.+\sFROM\b|INSERT\s+(OR\s+[A-Z]+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|(UNIQUE\s+)?INDEX|VIEW|TRIGGER)\b|DROP\s+(TABLE|INDEX)\b|ALTER\s+TABLE\b|PRAGMA\s+\w+\s*(=|\(|;|"|$)|BEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE)\b)"#)
        // Each engine's folder in Storage, and the database modules under them.
        let sqlFolders = ["Sources/Storage/SQLite/", "Sources/Storage/PostgreSQL/", "Sources/SQLite/", "Sources/PostgreSQL/"]
        let offenders = try tree.lines(under: "Sources", extensions: ["swift"]).filter { line in
            guard !line.isComment, !sqlFolders.contains(where: line.file.hasPrefix),
                  keywords.contains(where: line.text.contains) else { return false }
            return line.text.contains(statement)
        }
        report(offenders, "SQL outside the engine folders of Sources/Storage and the database modules")
    }

    @Test func systemCallsStayInPlatform() throws {
        let cLibrary = try Regex(#"^\s*(@preconcurrency\s+)?import\s+(Glibc|Darwin|Musl|Android|WinSDK)\b"#)
        let systemCalls: Set<String> = [
            "socket", "bind", "listen", "accept", "accept4", "connect", "shutdown", "setsockopt", "getsockopt",
            "getsockname", "getpeername", "getaddrinfo", "freeaddrinfo", "recv", "recvfrom", "recvmsg",
            "sendto", "sendmsg", "epoll_create1", "epoll_ctl", "epoll_wait", "eventfd", "pipe", "pipe2",
            "fcntl", "ioctl", "poll", "select", "open", "openat", "close", "read", "write", "pread", "pwrite",
            "lseek", "fsync", "fdatasync", "ftruncate", "unlink", "rename", "mkdir", "stat", "fstat", "lstat",
            "mmap", "munmap", "dup", "dup2", "kill", "waitpid", "fork", "execve", "posix_spawn", "posix_spawnp",
            "signal", "sigaction", "sigprocmask", "pthread_create", "pthread_join", "pthread_detach",
            "pthread_sigmask", "clock_gettime", "nanosleep", "usleep", "sysconf", "getrlimit", "setrlimit",
            "inet_pton", "inet_ntop", "strerror", "getpid", "flock",
            // Loading libraries at run time (libpq) is Platform's DynamicLibrary.
            "dlopen", "dlsym", "dlerror", "dlclose",
        ]
        let lines = try tree.lines(under: "Sources", extensions: ["swift"])
        // A method a module declares itself (a `write(_:)` of its own) shares a name, not a meaning.
        var declared: [String: Set<String>] = [:]
        for line in lines { declared[line.module, default: []].formUnion(line.declaredFunctions) }
        let offenders = lines.filter { line in
            guard !line.isComment, !line.file.hasPrefix("Sources/Platform/") else { return false }
            let own = declared[line.module] ?? []
            return line.text.contains(cLibrary) || line.freeCalls(among: systemCalls).contains { !own.contains($0) }
        }
        report(offenders, "system calls outside Sources/Platform")
    }

    @Test func nothingPointsOutsideTheRepository() throws {
        // The workspace the project was started in: its folders, its numbered documents and issues.
        let outside = try Regex(#"(\.\./shared\b|\bshared/(spec|bench|seeds|hooks)\b|/work/|\bseeds?\s+0\d\d\b|\bissue\s+\d+\b)"#)
            .ignoresCase()
        let markdownName = try Regex(#"[\w./-]*[\w-]\.md\b"#)
        var offenders: [SourceLine] = []
        for line in try tree.lines(under: ".", extensions: SourceTree.textExtensions) where line.path != ownPath {
            let lowered = line.text.lowercased()
            if ["shared", "/work/", "seed", "issue"].contains(where: lowered.contains), line.text.contains(outside) {
                offenders.append(line)
                continue
            }
            guard line.text.contains(".md") else { continue }
            // Every document a line names in the repository must exist. A URL (`file:/usr/…` too), a
            // path a script computes (`$raw/medians.md`) or a path on an installed machine
            // (`/usr/share/doc/wxhook/operations.md`) is not such a name.
            let missing = line.text.matches(of: markdownName).contains { match in
                let word = line.text.wordAround(match.range)
                let name = String(line.text[match.range])
                return !word.contains(":/") && !word.contains("$") && tree.isRepositoryPath(name, nextTo: line.file)
                    && !tree.exists(name, nextTo: line.file)
            }
            if missing { offenders.append(line) }
        }
        report(offenders, "pointers to files that are not in the repository")
    }

    /// One issue naming every offending line, so a failure reads as a list of places to fix.
    private func report(_ offenders: [SourceLine], _ rule: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard !offenders.isEmpty else { return }
        Issue.record("\(rule):\n\(SourceLine.list(offenders))", sourceLocation: sourceLocation)
    }
}
