#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Where log lines go: a file descriptor (stderr by default), written in batches. Under load the
/// access log alone is tens of thousands of lines a second, so lines are buffered and flushed when
/// the buffer fills, when a warning or error is logged, every 100 ms by a small thread, and at exit.
public final class LogSink: Sendable {
    private let fd: Int32
    private let buffer = Mutex<[UInt8]>([])
    private let flushThreshold = 32 * 1024
    private let running = Atomic<Bool>(true)

    public init(fd: Int32 = 2) {
        self.fd = fd
        let thread = Thread { [weak self] in
            while let sink = self, sink.running.load(ordering: .relaxed) {
                sink.flush()
                usleep(100_000)
            }
        }
        thread.start()
    }

    func write(_ line: [UInt8], urgent: Bool) {
        let full: [UInt8]? = buffer.withLock { pending in
            pending.append(contentsOf: line)
            guard urgent || pending.count >= flushThreshold else { return nil }
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        if let full { writeAll(full) }
    }

    /// Writes whatever is buffered. Called at shutdown so no line is lost on a clean exit.
    public func flush() {
        let pending: [UInt8] = buffer.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        if !pending.isEmpty { writeAll(pending) }
    }

    public func stop() {
        running.store(false, ordering: .relaxed)
        flush()
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }
}
