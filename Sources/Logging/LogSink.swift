import Dispatch
import Platform
import Synchronization

/// Where log lines go: a file descriptor (stderr by default), written in batches by a thread of
/// its own. Under load the access log alone is tens of thousands of lines a second, and callers
/// include the HTTP loop threads, so a caller only appends to a buffer: the writer thread flushes
/// it every 100 ms, at once for a warning or error or a full batch, and at exit.
///
/// A reader that stops reading (a stuck pipe, a paused terminal) blocks only the writer thread.
/// Past `maxPending` bytes new lines are dropped and counted, and a line saying how many is
/// written when output moves again: losing log lines beats stalling every request.
public final class LogSink: Sendable {
    private let fd: Int32
    private let state = Mutex<(pending: [UInt8], dropped: Int)>(([], 0))
    private let wake = DispatchSemaphore(value: 0)
    private let flushThreshold = 32 * 1024
    private let maxPending: Int
    private let running = Atomic<Bool>(true)
    /// One writer at a time: the thread, or `flush()` at exit.
    private let output = Mutex(())

    public init(fd: Int32 = 2, maxPending: Int = 8 << 20) {
        self.fd = fd
        self.maxPending = maxPending
        // Without its thread the sink still writes at `flush()` (the caller's exit path).
        try? DetachedThread.start(name: "log-writer") { [weak self] in
            while let sink = self, sink.running.load(ordering: .relaxed) {
                sink.flush()
                _ = sink.wake.wait(timeout: .now() + .milliseconds(100))
            }
        }
    }

    func write(_ line: [UInt8], urgent: Bool) {
        let flushNow = state.withLock { state -> Bool in
            guard state.pending.count + line.count <= maxPending else {
                state.dropped += 1
                return false
            }
            let wasBelow = state.pending.count < flushThreshold
            state.pending.append(contentsOf: line)
            return urgent || (wasBelow && state.pending.count >= flushThreshold)
        }
        if flushNow { wake.signal() }
    }

    /// Writes whatever is buffered, on the calling thread. Called at shutdown so no line is lost
    /// on a clean exit.
    public func flush() {
        output.withLock { _ in
            let (pending, dropped) = state.withLock { state -> ([UInt8], Int) in
                defer {
                    state.pending.removeAll(keepingCapacity: state.pending.count <= flushThreshold * 4)
                    state.dropped = 0
                }
                return (state.pending, state.dropped)
            }
            if !pending.isEmpty { writeAll(pending) }
            if dropped > 0 { writeAll(Self.droppedLine(dropped)) }
        }
    }

    public func stop() {
        running.store(false, ordering: .relaxed)
        wake.signal()
        flush()
    }

    /// Lines dropped since the last flush, as a line of their own in the usual format.
    static func droppedLine(_ count: Int) -> [UInt8] {
        Array("ts=\(Logger.timestamp()) level=warn msg=\"log lines dropped: the log output was not being read\" count=\(count)\n".utf8)
    }

    /// Gives up on the first error: there is nowhere left to report it.
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard case .bytes(let count) = try? Syscall.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...])) else {
                    return
                }
                offset += count
            }
        }
    }
}
