import Platform
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
    /// A job of a handler task to run on the loop's thread (`LoopExecutor`).
    case run(UnownedJob)
}

/// A loop's inbox: a Mutex-protected queue plus an eventfd that wakes the loop's epoll_wait.
/// The loop drains the queue on every turn, so the eventfd is written only when the loop is
/// (about to be) asleep — under load most answers cost no system call at all.
final class Mailbox: Sendable {
    private let counter: EventCounter
    var fd: Int32 { counter.fd }
    private let queue = Mutex<Inbox>(Inbox())
    private struct Inbox {
        var messages: [LoopMessage] = []
        /// Set when the loop exits: nothing posted after that would ever be read.
        var closed = false
    }
    /// True while the loop is in (or entering) epoll_wait. Posters clear it and write the eventfd;
    /// the loop sets it and then looks at the queue once more, so no message can be missed.
    private let asleep = Atomic<Bool>(false)

    init() throws(SystemError) {
        counter = try EventCounter()
    }

    deinit {
        // Closed only when no task can post any more (every poster holds a reference).
        counter.close()
    }

    /// False, and nothing queued, once the loop has exited.
    @discardableResult
    func post(_ message: LoopMessage) -> Bool {
        let accepted = queue.withLock { inbox in
            guard !inbox.closed else { return false }
            inbox.messages.append(message)
            return true
        }
        if accepted, asleep.exchange(false, ordering: .sequentiallyConsistent) {
            counter.signal()
        }
        return accepted
    }

    /// Called by the loop as it exits: later posts are refused; returns what was still queued.
    func close() -> [LoopMessage] {
        queue.withLock { inbox in
            inbox.closed = true
            defer { inbox.messages = [] }
            return inbox.messages
        }
    }

    /// Called by the loop before epoll_wait: false when messages are already waiting, in which
    /// case the loop must not block.
    func prepareToSleep() -> Bool {
        asleep.store(true, ordering: .sequentiallyConsistent)
        if queue.withLock({ $0.messages.isEmpty }) { return true }
        asleep.store(false, ordering: .sequentiallyConsistent)
        return false
    }

    /// Called by the loop after epoll_wait returns.
    func awake() {
        asleep.store(false, ordering: .sequentiallyConsistent)
    }

    /// Resets the eventfd after it woke the loop.
    func acknowledgeWakeUp() {
        counter.reset()
    }

    /// Swaps the queued messages into `messages` (emptied first, so its capacity is reused back
    /// and forth); false when there were none.
    func take(into messages: inout [LoopMessage]) -> Bool {
        messages.removeAll(keepingCapacity: true)
        queue.withLock { swap(&$0.messages, &messages) }
        return !messages.isEmpty
    }
}
