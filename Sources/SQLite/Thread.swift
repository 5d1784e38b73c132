import Glibc

/// Starts a detached OS thread running `body`. SQLite calls block, so the writer gets a thread of
/// its own instead of a slot in Swift's cooperative pool.
func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
    let entry = Unmanaged.passRetained(ThreadEntry(name: name, body: body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { raw in
        let entry = Unmanaged<ThreadEntry>.fromOpaque(raw!).takeRetainedValue()
        nameCurrentThread(entry.name)
        entry.body()
        return nil
    }, entry)
    // Only resource exhaustion (EAGAIN) makes this fail; there is nothing sensible to go on with.
    precondition(rc == 0, "cannot start thread \(name): pthread_create returned \(rc)")
    pthread_detach(thread)
}

/// Names the thread in `top -H`, `ps -T` and debuggers; best effort. (`pthread_setname_np` is not
/// exported by the Glibc module, but Linux takes the name through /proc as well.)
private func nameCurrentThread(_ name: String) {
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var bytes = Array(name.utf8.prefix(15))  // the kernel keeps 15 bytes
    _ = write(fd, &bytes, bytes.count)
}

private final class ThreadEntry: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
