import Foundation
import Glibc
import Platform
import Synchronization

/// A child process started with `posix_spawn`, for tests that run `wxhook`, `curl`, `python3`
/// or `node` as somebody else's program.
///
/// Why not Foundation's `Process`: on Linux its `run()` scans `/proc/self/fd` to close inherited
/// descriptors and reads past its buffer when the test process holds many (seen as a SIGSEGV in a
/// parallel `swift test` with hundreds of sockets open). Here the child closes everything above
/// stderr itself (`posix_spawn_file_actions_addclosefrom_np`), and no descriptor list is built.
public final class ChildProcess: Sendable {
    /// Where one of the child's output streams goes.
    public enum Output: Sendable {
        case discard
        /// Each chunk as it arrives, on a reader thread of its own; the last call comes before
        /// `waitForOutput()` returns.
        case stream(@Sendable (Data) -> Void)
    }

    public let pid: pid_t
    private let exit = Mutex<Int32?>(nil)
    private let readersDone: [DispatchSemaphore]
    /// With a `control` channel: the write end of the pipe the child reads as fd 3; -1 once closed.
    private let controlInput: Mutex<Int32>

    /// Starts `executable ARGUMENTS` with stdin from /dev/null. `environment` nil inherits this
    /// process's; `directory` nil inherits its working directory. `control`, when given, is a second
    /// channel beside stdin/stdout (Chromium's `--remote-debugging-pipe`): the child reads fd 3,
    /// which `writeControl` feeds, and writes fd 4, which goes to `control` like a streamed output.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil,
                directory: String? = nil, stdout: Output = .discard, stderr: Output = .discard,
                control: Output? = nil) throws(SpawnFailure) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        // Signals this process ignores (SIGPIPE) would stay ignored across exec: reset them all.
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var readEnds: [(fd: Int32, sink: @Sendable (Data) -> Void)] = []
        var writeEnds: [Int32] = []
        for (target, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch output {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .stream(let sink):
                var ends: [Int32] = [0, 0]
                // No close-on-exec needed: the child closes everything above stderr anyway.
                guard pipe(&ends) == 0 else {
                    (readEnds.map(\.fd) + writeEnds).forEach { close($0) }
                    throw SpawnFailure(executable: executable, step: "pipe", errno: errno)
                }
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
                readEnds.append((ends[0], sink))
                writeEnds.append(ends[1])
            }
        }
        var controlWrite: Int32 = -1
        if let control {
            var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
            guard pipe(&input) == 0 else {
                (readEnds.map(\.fd) + writeEnds).forEach { close($0) }
                throw SpawnFailure(executable: executable, step: "pipe", errno: errno)
            }
            guard pipe(&output) == 0 else {
                (readEnds.map(\.fd) + writeEnds + input).forEach { close($0) }
                throw SpawnFailure(executable: executable, step: "pipe", errno: errno)
            }
            posix_spawn_file_actions_adddup2(&actions, input[0], 3)
            posix_spawn_file_actions_adddup2(&actions, output[1], 4)
            writeEnds += [input[0], output[1]]
            controlWrite = input[1]
            // Our end must not leak into the child, or it would never see the channel close.
            _ = fcntl(controlWrite, F_SETFD, FD_CLOEXEC)
            switch control {
            case .discard: writeEnds.append(output[0])
            case .stream(let sink): readEnds.append((output[0], sink))
            }
        }
        Self.closeFrom(&actions, control == nil ? 3 : 5)
        if let directory { Self.changeDirectory(&actions, directory) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = environment ?? ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        writeEnds.forEach { close($0) }
        guard result == 0 else {
            readEnds.forEach { close($0.fd) }
            if controlWrite >= 0 { close(controlWrite) }
            throw SpawnFailure(executable: executable, step: "posix_spawn", errno: result)
        }
        self.pid = pid
        controlInput = Mutex(controlWrite)
        readersDone = readEnds.map { end in
            let done = DispatchSemaphore(value: 0)
            do {
                try DetachedThread.start(name: "child-output") { Self.drain(end.fd, into: end.sink); done.signal() }
            } catch {
                Self.drain(end.fd, into: end.sink)   // no thread to spare: read it here
                done.signal()
            }
            return done
        }
    }

    /// Writes all of `bytes` to the child's fd 3; false when there is no control channel, it was
    /// closed, or the child stopped reading.
    @discardableResult
    public func writeControl(_ bytes: [UInt8]) -> Bool {
        controlInput.withLock { fd in
            guard fd >= 0 else { return false }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }
    }

    /// Closes the child's fd 3 from this side: the child reads its end.
    public func closeControl() {
        controlInput.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Its exit status, or the signal that ended it (as Foundation's `terminationStatus`); nil
    /// while it runs.
    public var status: Int32? { reap(blocking: false) }

    public func signal(_ signal: Int32) { _ = kill(pid, signal) }

    /// Blocks until the child exits; returns `status`.
    @discardableResult
    public func waitForExit() -> Int32 {
        while true {
            if let status = reap(blocking: true) { return status }
        }
    }

    /// Blocks until the child exits or `timeout` seconds pass (then nil).
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = reap(blocking: false) { return status }
            usleep(10_000)
        }
        return reap(blocking: false)
    }

    /// Blocks until every streamed output reached its end (the child and anything it started
    /// closed it).
    public func waitForOutput() {
        readersDone.forEach { $0.wait() }
    }

    /// Runs to the end and returns the status and everything written to stdout and stderr.
    public static func run(executable: String, arguments: [String], environment: [String: String]? = nil,
                           directory: String? = nil) throws(SpawnFailure) -> (status: Int32, stdout: Data, stderr: Data) {
        let out = Collected(), err = Collected()
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment,
                                     directory: directory, stdout: .stream(out.append), stderr: .stream(err.append))
        child.waitForOutput()
        return (child.waitForExit(), out.data, err.data)
    }

    /// Waits without reaping (`WNOWAIT`), then reaps under the lock, so `isRunning` on another
    /// thread never races a blocked waiter for the status.
    private func reap(blocking: Bool) -> Int32? {
        if let known = exit.withLock({ $0 }) { return known }
        if blocking {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        }
        return exit.withLock { known -> Int32? in
            if let known { return known }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            // The wait status: low 7 bits the signal (0 when it exited), next 8 the exit code.
            let status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
            known = status
            return status
        }
    }

    private static func drain(_ fd: Int32, into sink: @Sendable (Data) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                sink(Data(buffer[0..<count]))
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fd)
    }

    // glibc has both since 2.34, but its headers declare them only under _GNU_SOURCE, which the
    // Glibc module does not set: looked up by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                        UnsafePointer<CChar>) -> Int32

    private static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ fd: Int32) {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or newer is needed (posix_spawn_file_actions_addclosefrom_np)")
        }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, fd)
    }

    private static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, _ path: String) {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else {
            fatalError("glibc 2.29 or newer is needed (posix_spawn_file_actions_addchdir_np)")
        }
        _ = unsafeBitCast(symbol, to: ChangeDirectory.self)(&actions, path)
    }
}

/// Why a child could not be started.
public struct SpawnFailure: Error, CustomStringConvertible {
    public let executable: String
    public let step: String
    public let errno: Int32

    public var description: String { "cannot start \(executable): \(step): \(String(cString: strerror(errno)))" }
}

/// Output collected from a reader thread.
private final class Collected: Sendable {
    private let bytes = Mutex(Data())
    func append(_ chunk: Data) { bytes.withLock { $0.append(chunk) } }
    var data: Data { bytes.withLock { $0 } }
}
