import Core
import HTTPClient
import Providers

/// Posts the simulator's callbacks in the background, as the real provider would: each sequence
/// in order, each post after its delay, retried while the service does not answer or answers 5xx.
final class CallbackPoster: Sendable {
    private let stream: AsyncStream<[CallbackPost]>
    private let continuation: AsyncStream<[CallbackPost]>.Continuation
    private let transport: any SendTransport
    private let attempts: Int
    private let timeoutMs: Int
    private let report: @Sendable (_ post: CallbackPost, _ delivered: Bool) -> Void

    init(transport: any SendTransport, attempts: Int, timeoutMs: Int = 5_000,
         report: @escaping @Sendable (_ post: CallbackPost, _ delivered: Bool) -> Void) {
        (stream, continuation) = AsyncStream.makeStream(of: [CallbackPost].self)
        self.transport = transport
        self.attempts = max(1, attempts)
        self.timeoutMs = timeoutMs
        self.report = report
    }

    func enqueue(_ sequences: [[CallbackPost]]) {
        for sequence in sequences where !sequence.isEmpty { continuation.yield(sequence) }
    }

    /// No more sequences will come; `run` returns once those queued are done.
    func finish() { continuation.finish() }

    /// Posts every queued sequence until `finish` (or cancellation, which drops what is pending).
    func run() async {
        await withDiscardingTaskGroup { group in
            for await sequence in stream {
                group.addTask { await self.post(sequence) }
            }
        }
    }

    private func post(_ sequence: [CallbackPost]) async {
        for callback in sequence {
            do {
                try await Task.sleep(for: .milliseconds(callback.delayMs))
            } catch {
                return
            }
            report(callback, await deliver(callback))
        }
    }

    /// `true` once the service answered 2xx. A 4xx is its final word (wrong token, say); a 5xx
    /// or no answer is retried with a doubling pause.
    private func deliver(_ callback: CallbackPost) async -> Bool {
        let request = ProviderRequest(method: "POST", url: callback.url,
                                      headers: [("Content-Type", "application/json")], body: callback.body)
        for attempt in 1...attempts {
            let result = await transport.send(request, timeoutMs: timeoutMs)
            if case .answer(let status, _) = result, status < 500 { return (200...299).contains(status) }
            guard attempt < attempts else { break }
            do {
                try await Task.sleep(for: .milliseconds(100 << min(attempt - 1, 6)))
            } catch {
                return false
            }
        }
        return false
    }
}
