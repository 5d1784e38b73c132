import Glibc
import HTTP
import Synchronization

/// What other threads tell an event loop.
enum LoopMessage: Sendable {
    /// A handler finished: write `response` as the answer to request `sequence` of that connection.
    case response(fd: Int32, connection: UInt64, sequence: UInt64, response: HTTPResponse)
    /// A connection accepted by another loop, handed over to balance the load.
    case adopt(fd: Int32, remote: String)
    /// Stop accepting, finish in-flight requests until `deadline` (monotonic ns), then exit.
    case shutdown(deadline: UInt64)
}

/// A loop's inbox: a Mutex-protected queue plus an eventfd that wakes the loop's epoll_wait.
/// Only the post that finds the queue empty writes the eventfd; the loop takes the whole queue
/// at once, so a burst of answers costs one wake-up.
final class Mailbox: Sendable {
    let fd: Int32
    private let queue = Mutex<[LoopMessage]>([])

    init() throws(SocketError) {
        fd = try Syscall.eventFD()
    }

    deinit {
        // Closed only when no task can post any more (every poster holds a reference).
        Syscall.close(fd)
    }

    func post(_ message: LoopMessage) {
        let wasEmpty = queue.withLock { queue in
            queue.append(message)
            return queue.count == 1
        }
        if wasEmpty { wake() }
    }

    private func wake() {
        var one: UInt64 = 1
        // EAGAIN only if the counter is near overflow, i.e. the loop is already awake.
        _ = write(fd, &one, 8)
    }

    /// Resets the eventfd and swaps the queued messages into `messages` (emptied first, so its
    /// capacity is reused back and forth).
    func take(into messages: inout [LoopMessage]) {
        var counter: UInt64 = 0
        _ = read(fd, &counter, 8)
        messages.removeAll(keepingCapacity: true)
        queue.withLock { swap(&$0, &messages) }
    }
}
