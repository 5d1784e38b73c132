import Glibc

/// A detached POSIX thread of our own, named for `top -H`, `ps -T` and debuggers. Work that
/// blocks (epoll_wait, poll, SQLite, writing the log) runs on one of these, never on a thread of
/// the Swift cooperative pool.
public enum DetachedThread {
    private final class Entry: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts `body` on a new thread called `name` (the kernel keeps its first 15 bytes), with
    /// the system's default stack or `stackSize` bytes. Fails only when the system is out of
    /// threads or memory.
    public static func start(name: String, stackSize: Int? = nil,
                             _ body: @escaping @Sendable () -> Void) throws(SystemError) {
        let entry = Unmanaged.passRetained(Entry(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN))) }
        let result = pthread_create(&thread, &attributes, run, entry)
        guard result == 0 else {
            Unmanaged<Entry>.fromOpaque(entry).release()
            throw SystemError("pthread_create", errno: result, detail: name)
        }
        pthread_detach(thread)
    }

    /// The new thread's first function (a C function pointer: it captures nothing).
    private static let run: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { argument in
        let entry = Unmanaged<Entry>.fromOpaque(argument!).takeRetainedValue()
        nameCurrentThread(entry.name)
        entry.body()
        return nil
    }

    /// Blocks the calling thread for `milliseconds` (a backoff between retries on a thread of our
    /// own; never call it on the cooperative pool).
    public static func sleep(milliseconds: Int) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }

    /// The calling thread's name as the kernel has it.
    public static var currentName: String {
        let fd = open("/proc/thread-self/comm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &bytes, bytes.count)
        guard count > 0 else { return "" }
        return String(decoding: bytes[..<count].prefix { $0 != 0x0a }, as: UTF8.self)
    }

    /// Best effort. (`pthread_setname_np` is not exported by the Glibc module, but Linux takes
    /// the name through /proc as well.)
    private static func nameCurrentThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var bytes = Array(name.utf8.prefix(15))
        _ = write(fd, &bytes, bytes.count)
    }
}
