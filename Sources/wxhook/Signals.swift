import Dispatch
import Platform

/// The process's signals, delivered through Dispatch so that their handlers are ordinary Swift
/// rather than async-signal-unsafe code. Keep the watcher alive for as long as it should listen.
final class SignalWatcher: @unchecked Sendable {
    // `sources` and `stopContinuation` are only touched on `queue` (and in init before any
    // handler can run), which serializes them; that is why this class can be Sendable.
    private let queue = DispatchQueue(label: "wxhook.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var stopContinuation: CheckedContinuation<Int32, Never>?
    private var stopSignal: Int32?

    /// Watches SIGINT and SIGTERM (stop) and SIGHUP (`onHangUp`, e.g. reload the rules).
    init(onHangUp: @escaping @Sendable () -> Void = {}) {
        ProcessSignal.brokenPipe.ignore()   // a peer that hangs up mid-write must not kill the process
        for watched in [ProcessSignal.interrupt, .terminate, .hangUp] {
            watched.ignore()
            let number = watched.rawValue
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                if watched == .hangUp { onHangUp() } else { stop(number) }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns the first stop signal's number once it has arrived.
    func waitForStop() async -> Int32 {
        await withCheckedContinuation { continuation in
            queue.async {
                if let signal = self.stopSignal {
                    continuation.resume(returning: signal)
                } else {
                    self.stopContinuation = continuation
                }
            }
        }
    }

    private func stop(_ number: Int32) {
        guard stopSignal == nil else { return }   // a second SIGTERM while draining changes nothing
        stopSignal = number
        stopContinuation?.resume(returning: number)
        stopContinuation = nil
    }
}
